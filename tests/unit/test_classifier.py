"""The spam classifier: what a moderator and an operator notice about its scores."""

from __future__ import annotations

from pathlib import Path

import pytest
import skops.io
from sklearn.base import BaseEstimator

from spam import (
    CsvFormatError,
    Sample,
    SpamClassifier,
    evaluate,
    load_labelled_csv,
    tubespam_split,
)

REPO = Path(__file__).resolve().parents[2]
STARTER = REPO / "data" / "starter_corpus.csv"
FILES = ("Youtube01-Psy.csv", "Youtube02-KatyPerry.csv", "Youtube03-LMFAO.csv")

PHARMACY = Sample(
    body="Buy cheap viagra online without prescription!!! http://bestpills24.com/order", author="Pharma Deals"
)
DISAGREEMENT = Sample(
    body=(
        "I have to disagree with the central argument here. The article treats the housing shortage "
        "as if it were only about zoning, but in my town the new flats stayed empty because nobody "
        "could afford them, and the council knew that before it approved the plan.\n\n"
        "I'm not saying the old rules were good. I just think the piece would be stronger if it "
        "talked to the people who actually live with the consequences."
    ),
    author="Laura Jensen",
)
BITLY = Sample(body="Make money from home, I earn $500 a day, see how: bit.ly/x9Kq2", author="Cash Queen")


@pytest.fixture(scope="module")
def starter_data() -> tuple[list[Sample], list[int]]:
    return load_labelled_csv(STARTER, "generic")


@pytest.fixture(scope="module")
def model(starter_file: Path) -> SpamClassifier:
    # The starter model trained once for the whole suite (tests/starter_model.py); the tests of
    # training itself train their own below.
    return SpamClassifier.load(starter_file)


def test_pharmacy_link_drop_scores_as_spam(model: SpamClassifier) -> None:
    assert model.score(PHARMACY) > 0.9


def test_long_thoughtful_disagreement_scores_as_ham(model: SpamClassifier) -> None:
    assert model.score(DISAGREEMENT) < 0.2


def test_score_many_matches_score(model: SpamClassifier) -> None:
    many = model.score_many([PHARMACY, DISAGREEMENT])
    assert many == pytest.approx([model.score(PHARMACY), model.score(DISAGREEMENT)])
    assert model.score_many([]) == []


def test_fast_scoring_path_matches_the_pipeline(model: SpamClassifier) -> None:
    samples = [PHARMACY, DISAGREEMENT, BITLY, Sample(body="x", honeypot=True, seconds_to_submit=0.5)]
    expected = model.pipeline.predict_proba(samples)[:, 1]
    assert model.score_many(samples) == pytest.approx(expected.tolist(), abs=1e-12)


def test_explain_names_the_shortener_domain(model: SpamClassifier) -> None:
    reasons = model.explain(BITLY)
    assert 0 < len(reasons) <= 5
    assert any("bit.ly" in r.text for r in reasons)
    assert reasons[0].weight > 0  # a spam score is explained by what pushed it towards spam


def test_explain_a_ham_score_by_what_pushed_it_down(model: SpamClassifier) -> None:
    reasons = model.explain(DISAGREEMENT, top=3)
    assert reasons and reasons[0].weight < 0


def test_reasons_name_no_bare_stop_words_and_no_empty_link(model: SpamClassifier) -> None:
    samples = [
        DISAGREEMENT,
        Sample(body="Buy cheap viagra online at http://pills.example.com now"),
        Sample(body="I think the council got this one wrong, the old route was faster."),
    ]
    for sample in samples:
        texts = [r.text for r in model.explain(sample, top=5)]
        assert texts
        assert not any(t in ("the word 'the'", "the words 'of the'", "the word 'this'") for t in texts), texts
        assert "links to " not in texts


def test_honeypot_and_fast_submission_raise_the_score(model: SpamClassifier) -> None:
    plain = Sample(body="Nice article, thanks for sharing.")
    bot = Sample(body="Nice article, thanks for sharing.", honeypot=True, seconds_to_submit=1.0)
    assert model.score(bot) > model.score(plain)
    texts = [r.text for r in model.explain(bot, top=5)]
    assert "the honeypot field was filled" in texts


def test_save_and_load_give_identical_scores(model: SpamClassifier, tmp_path: Path) -> None:
    path = model.save(tmp_path)
    assert path.name == f"{model.version}.skops"
    assert path.with_suffix(".json").exists()
    loaded = SpamClassifier.load(path)
    assert loaded.version == model.version
    assert loaded.metadata["training_counts"] == model.metadata["training_counts"]
    samples = [PHARMACY, DISAGREEMENT, BITLY]
    assert loaded.score_many(samples) == model.score_many(samples)


class Intruder(BaseEstimator):
    """A class no model file of ours contains."""


def test_load_refuses_a_file_with_a_foreign_type(tmp_path: Path) -> None:
    path = tmp_path / "evil.skops"
    skops.io.dump({"format": 1, "version": "x", "metadata_json": "{}", "pipeline": Intruder()}, path)
    with pytest.raises(ValueError, match="Intruder"):
        SpamClassifier.load(path)


def test_training_is_deterministic(starter_data: tuple[list[Sample], list[int]]) -> None:
    samples, labels = starter_data[0][:400], starter_data[1][:400]
    a = SpamClassifier.train(samples, labels, evaluate_folds=0)
    b = SpamClassifier.train(samples, labels, evaluate_folds=0)
    probe = [PHARMACY, DISAGREEMENT, BITLY]
    assert a.score_many(probe) == b.score_many(probe)


def test_metadata_records_counts_metrics_and_libraries(starter_data: tuple[list[Sample], list[int]]) -> None:
    samples, labels = starter_data[0][:300], starter_data[1][:300]
    m = SpamClassifier.train(samples, labels, sources=["starter"] * 300, evaluate_folds=3)
    counts = m.metadata["training_counts"]["starter"]
    assert counts["spam"] + counts["ham"] == 300 and counts["spam"] == sum(labels)
    assert 0.0 <= m.metadata["metrics"]["f1"] <= 1.0
    assert {"sklearn", "numpy", "scipy", "python"} <= set(m.metadata["libraries"])


def test_evaluate_on_a_hand_example() -> None:
    m = evaluate([1, 1, 0, 0, 1], [0.9, 0.4, 0.2, 0.6, 0.7])
    assert m["confusion"] == [[1, 1], [1, 2]]
    assert m["accuracy"] == pytest.approx(0.6)
    assert m["precision"] == pytest.approx(2 / 3)
    assert m["recall"] == pytest.approx(2 / 3)
    assert m["f1"] == pytest.approx(2 / 3)
    assert m["mcc"] == pytest.approx(1 / 6)
    assert m["roc_auc"] == pytest.approx(5 / 6)
    assert m["n"] == 5


def _write(tmp_path: Path, text: str | bytes, name: str = "data.csv") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_youtube_csv_bad_class_names_row_and_column(tmp_path: Path) -> None:
    path = _write(tmp_path, "COMMENT_ID,AUTHOR,DATE,CONTENT,CLASS\n1,a,d,hello,0\n2,b,d,buy now,x\n")
    with pytest.raises(CsvFormatError, match=r"row 3, column CLASS: expected 0 or 1, got 'x'"):
        load_labelled_csv(path, "youtube")


def test_csv_errors_are_one_clear_line(tmp_path: Path) -> None:
    cases = [
        (_write(tmp_path, "", "empty.csv"), "generic", "empty file"),
        (_write(tmp_path, "text,author\nhi,me\n", "nolabel.csv"), "generic", "missing column label"),
        (_write(tmp_path, "text,label\nhi,maybe\n", "badlabel.csv"), "generic", "row 2, column label"),
        (_write(tmp_path, b"text,label\nhi,ham\nbad\xff,spam\n", "latin.csv"), "generic", "row 3: not UTF-8"),
        (_write(tmp_path, "text,label,seconds_to_submit\nhi,ham,soon\n", "s.csv"), "generic", "seconds_to"),
        (_write(tmp_path, "ham\tfine\nspma\toops\n", "sms.txt"), "sms", "row 2, column label"),
    ]
    for path, fmt, expected in cases:
        with pytest.raises(CsvFormatError, match=expected) as info:
            load_labelled_csv(path, fmt)
        assert "\n" not in str(info.value) and str(path) in str(info.value)


def test_sms_and_generic_formats_load(tmp_path: Path) -> None:
    sms = _write(tmp_path, "ham\tSee you at 5\nspam\tWIN a prize, call now\n")
    samples, labels = load_labelled_csv(sms, "sms")
    assert labels == [0, 1] and samples[1].body == "WIN a prize, call now"
    path = _write(tmp_path, "body,label,author,honeypot,seconds_to_submit\nhi there,0,Ann,1,2.5\n", "g.csv")
    samples, labels = load_labelled_csv(path, "generic")
    assert labels == [0]
    assert samples[0].author == "Ann" and samples[0].honeypot and samples[0].seconds_to_submit == 2.5


@pytest.mark.parametrize("name", FILES)
def test_paper_protocol_reaches_mcc_095(name: str, youtube_spam_dir: Path) -> None:
    samples, labels = load_labelled_csv(youtube_spam_dir / name, "youtube")
    train, test = tubespam_split(labels)
    model = SpamClassifier.train([samples[i] for i in train], [labels[i] for i in train], evaluate_folds=0)
    m = evaluate([labels[i] for i in test], model.score_many([samples[i] for i in test]))
    assert m["mcc"] >= 0.95


def test_self_promotion_without_a_link_is_caught_and_named(model: SpamClassifier) -> None:
    sample = Sample(body="hey guys i make lofi beats every day, sub to my channel and like this comment")
    judgement = model.judge(sample)
    score, reasons = judgement.score, judgement.reasons
    assert score > 0.9
    assert any(r.text.startswith("asks for subscribers, followers or likes ('sub')") for r in reasons)


def test_a_python_error_about_subscripts_asks_for_no_subscribers(model: SpamClassifier) -> None:
    # "not subscriptable" is one of the commonest Python errors readers paste under a tutorial.
    sample = Sample(body="Running your second snippet I get TypeError: 'NoneType' object is not "
                         "subscriptable on the line with data['items']. Did I miss a step?",
                    page_title="Parsing JSON responses in Python")
    judgement = model.judge(sample)
    assert not [r for r in judgement.reasons if r.text.startswith("asks for subscribers")]
    assert judgement.score < 0.5


@pytest.mark.parametrize(
    "body",
    [
        "I covered the same ferry timetable change on my blog in March and got the opposite "
        "answer from the operator, so I'm glad someone asked them again.",
        "This has been my favourite song since the first time my sister played it in the car.",
    ],
)
def test_mentioning_ones_own_blog_or_favourite_song_is_not_self_promotion(
    model: SpamClassifier, body: str
) -> None:
    assert model.score(Sample(body=body)) < 0.3


def test_one_judgement_gives_the_score_reasons_and_links_of_separate_calls(model):
    sample = Sample(body="Cheap meds at http://bit.ly/pills-now, order today!!!", author="Pharma Deals")
    judgement = model.judge(sample, top=4)
    assert judgement.score == pytest.approx(model.score(sample), abs=1e-12)
    assert judgement.reasons == model.explain(sample, top=4)
    assert judgement.links == 1
    assert any(r.text == "links to bit.ly" for r in judgement.reasons)


# --- comments of blogs the starter corpus never saw ------------------------------------------

PHONE_SCAM = Sample(
    body=(
        "Is your antivirus renewal failing again? Reach the Nortex support phone number "
        "1-888-555-0142, open 24/7, and a certified technician will fix it in minutes."
    ),
    author="Support Desk",
    page_title="Roasting vegetables at high heat",
)
CODE_QUESTION = Sample(
    body=(
        "I followed step 3 but `pip install -e .` fails for me:\n\n"
        "Traceback (most recent call last):\n"
        '  File "setup.py", line 12, in <module>\n'
        "    from setuptools import setup\n"
        "ModuleNotFoundError: No module named 'setuptools'\n\n"
        "This is Python 3.12 in a fresh venv. Do I have to install setuptools myself first?"
    ),
    author="Tomasz",
    page_title="Packaging a Python command-line tool",
)
MOVERS = "Looking for a reliable moving company in Leeds? We pack, store and deliver, free quote today."


def test_phone_scam_without_a_link_scores_high_and_names_the_number(model: SpamClassifier) -> None:
    judgement = model.judge(PHONE_SCAM)
    assert judgement.links == 0
    assert judgement.score > 0.9
    assert any("toll-free phone number (1-888-555-0142)" in r.text for r in judgement.reasons)


@pytest.mark.parametrize("number", ["(877) 555-0163", "+1 833.555.0110", "1-800-FLOWERS"])
def test_toll_free_numbers_in_other_formats_are_named(model: SpamClassifier, number: str) -> None:
    sample = Sample(body=f"Printer offline? Call the printer helpline at {number} for instant help.")
    texts = [r.text for r in model.explain(sample)]
    assert any(f"toll-free phone number ({number})" in t for t in texts), texts


def test_question_quoting_code_and_a_traceback_scores_low(model: SpamClassifier) -> None:
    judgement = model.judge(CODE_QUESTION)
    assert judgement.score < 0.2
    assert any(r.text.startswith("quotes code or an error message") for r in judgement.reasons)


def test_library_names_with_digits_are_no_disguise(model: SpamClassifier) -> None:
    # "slf4j" has a digit between letters as "v1agra" does; a reader pasting the dependency that
    # fixed their logging must not be held, or told they disguised a word.
    pom = Sample(body="Fixed by adding <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-api"
                      "</artifactId><version>1.7.30</version></dependency>",
                 page_title="Logging in Spring Boot")
    judgement = model.judge(pom)
    assert judgement.score < 0.2
    assert not any(r.text.startswith("disguised spelling") for r in model.explain(pom, top=20))


def test_a_list_of_links_to_a_shops_keyword_domain_is_held_and_named(model: SpamClassifier) -> None:
    # Nothing but anchors, no sentence to judge: what gives it away is where the links go.
    drop = Sample(body=" ".join(f'<a href="http://www.cheap-garden-gnomes-direct.example/{p}.html">{p}</a>'
                                for p in ("resin gnomes", "solar gnomes", "gnome sale", "gnome outlet")),
                  page_title="Pruning roses in March")
    judgement = model.judge(drop, top=8)
    assert judgement.score >= 0.5
    reasons = [r.text for r in judgement.reasons]
    assert "links to a keyword domain (cheap-garden-gnomes-direct.example)" in reasons
    # A reader's links to a host with one selling word in its name are no keyword domain.
    reader = Sample(body="The firewall part is covered well in https://www.digitalocean.com/community/"
                         "tutorials and https://www.freecodecamp.org/news/ too.",
                    page_title="Hardening nginx")
    assert not any(r.text.startswith("links to a keyword domain") for r in model.explain(reader, top=30))


def test_a_comment_in_another_alphabet_than_its_page_is_said_to_be(model: SpamClassifier) -> None:
    ad = Sample(body="最好的在线赌场，注册即送奖金，加微信了解详情。", page_title="Pruning roses in March")
    reasons = [r.text for r in model.explain(ad, top=20)]
    assert "written in another alphabet than the page (Chinese)" in reasons
    # A Russian reader under a Russian post writes in the page's alphabet.
    reader = Sample(body="Спасибо, очень понятно объяснено, у меня всё заработало.",
                    page_title="Обрезка роз весной")
    assert not any(r.text.startswith("written in another alphabet") for r in model.explain(reader, top=20))


def test_a_readers_own_blog_name_is_no_keyword_domain(model: SpamClassifier) -> None:
    # Readers name their blogs with dashes and ordinary words; a money site is built of selling words.
    def website_reasons(url: str) -> list[str]:
        sample = Sample(body="Thanks, this helped.", author_url=url)
        return [r.text for r in model.explain(sample, top=30) if "website" in r.text]

    assert not any("keyword domain" in r for r in website_reasons("https://claire-grows-in-zone9.example"))
    assert any("keyword domain (cheap-viagra-pills-online.example)" in r
               for r in website_reasons("http://cheap-viagra-pills-online.example/"))


def test_a_readers_handle_with_one_selling_word_is_no_advert(model: SpamClassifier) -> None:
    def said(author: str) -> list[str]:
        return [r.text for r in model.explain(Sample(body="Lovely photos", author=author), top=30)]

    assert not any("reads like an advert" in r for r in said("travel lover"))
    assert "the author name reads like an advert ('Roof Repair Leeds')" in said("Roof Repair Leeds")


def test_a_comment_unrelated_to_its_page_is_said_to_be(model: SpamClassifier) -> None:
    elsewhere = model.explain(Sample(body=MOVERS, page_title="Sourdough for beginners"))
    assert "nothing in common with the page 'Sourdough for beginners'" in [r.text for r in elsewhere]
    at_home = model.explain(Sample(body=MOVERS, page_title="Moving house in Leeds: a checklist"),
                            top=20)
    assert not any(r.text.startswith("nothing in common") for r in at_home)
    # Without a page title nothing is known about relevance, so nothing is said.
    unknown = model.explain(Sample(body=MOVERS), top=20)
    assert not any(r.text.startswith("nothing in common") for r in unknown)


def test_the_threads_approved_comments_count_as_the_pages_language(model: SpamClassifier) -> None:
    sample = Sample(body="Did anyone try the rye flour version? Mine came out dense but tasty.",
                    page_title="Weekend baking")
    alone = [r.text for r in model.explain(sample, top=20)]
    assert any(t.startswith("nothing in common") for t in alone)
    thread = "I swapped half the flour for rye and it rose fine. Dense crumb is normal with rye."
    with_thread = model.explain(Sample(body=sample.body, page_title="Weekend baking",
                                       thread_text=thread), top=20)
    assert not any(r.text.startswith("nothing in common") for r in with_thread)


def test_the_words_inside_an_identifier_in_the_title_count_as_the_pages(model: SpamClassifier) -> None:
    # Technical titles name identifiers; readers write their words apart.
    sample = Sample(body="Worth adding that Cast works on an untyped enumerator since 3.5, so the "
                         "wrapper class is not needed.",
                    page_title="Converting IEnumerator to IEnumerator<T>")
    texts = [r.text for r in model.explain(sample, top=20)]
    assert not any(t.startswith("nothing in common") for t in texts), texts
    assert any(t.startswith("speaks about the page ('enumerator'") for t in texts), texts


def test_keyword_domain_in_the_website_field_is_named(model: SpamClassifier) -> None:
    sample = Sample(body="Great article, very informative, thanks for sharing.",
                    author_url="https://best-cheap-loans-online.com/apply")
    texts = [r.text for r in model.explain(sample)]
    assert any(t.startswith("the author's website looks like a keyword domain") for t in texts), texts


def test_generic_csv_reads_page_title_and_author_url(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "text,label,page_title,author_url,email,title\n"
        "Nice crumb!,ham,Sourdough for beginners,https://anna.example.org,a@example.org,Re: crumb\n"
        "Cheap loans,1,Sourdough for beginners,,,\n",
    )
    samples, labels = load_labelled_csv(path, "generic")
    assert labels == [0, 1]
    assert samples[0].page_title == "Sourdough for beginners"
    assert samples[0].author_url == "https://anna.example.org"
    assert samples[0].email == "a@example.org" and samples[0].title == "Re: crumb"
    assert samples[1].author_url == ""


def test_a_saved_model_fits_in_five_megabytes(model: SpamClassifier) -> None:
    assert len(model.to_bytes()) <= 5_000_000


def test_a_model_saved_with_an_earlier_layout_is_refused_in_one_line(model: SpamClassifier) -> None:
    old = skops.io.dumps({"format": 1, "version": "old", "metadata_json": "{}",
                          "pipeline": model.pipeline})
    with pytest.raises(ValueError, match="needs retraining") as info:
        SpamClassifier.from_bytes(old, origin="20250101-000000-abcd")
    assert "\n" not in str(info.value) and "20250101-000000-abcd" in str(info.value)


@pytest.mark.slow  # 1,510 readers' comments, each judged
def test_real_blog_readers_are_rarely_held(model: SpamClassifier, blog_ham_file: Path) -> None:
    # The file is a programming blog's approved comments. Its owner also approved shop link-drops
    # (shoes, handbags, a web agency), some dozens of times over: those are spam and are held,
    # which puts the whole file above 2%. Readers who write without a link, most of the file,
    # must be held almost never, and the file as a whole far less often than the 10.7% of the
    # model before this one.
    samples, labels = load_labelled_csv(blog_ham_file, "generic")
    scores = model.score_many(samples)
    assert evaluate(labels, scores)["fpr"] <= 0.05
    links = [model.judge(s).links for s in samples]
    plain = [score for score, n in zip(scores, links, strict=True) if n == 0]
    assert len(plain) > 1000
    assert sum(score >= 0.5 for score in plain) / len(plain) <= 0.02


def test_bench_readers_row_says_how_many_were_held_and_who(model: SpamClassifier) -> None:
    # bench/classifier.py and bench/replay.py print this row from the same figures; a key one of
    # them forgot once stopped `make bench` halfway.
    from bench.classifier import _fmt, _row, blog_readers_figures

    readers = [PHARMACY, PHARMACY, Sample(body="Thanks, the second fix worked.")]
    figures = blog_readers_figures(model, readers)
    line = _fmt(_row("blog-ham after replay", "readers.csv", figures, "fpr", 0.02, below=True))
    assert "held 66.7% of 3 (1/2 distinct" in line
    assert "MISS" in line


def test_hashed_columns_are_named_by_the_comments_own_ngrams(model: SpamClassifier) -> None:
    features = model.pipeline.named_steps["features"]
    text = model.pipeline.named_steps["normalise"].transform([PHARMACY])[0, 0]
    for name in ("words", "chars"):
        hashed = features.named_transformers_[name]
        named = hashed.names(text)
        assert set(named) == set(hashed.transform([text]).indices.tolist())
    assert "viagra" in features.named_transformers_["words"].names(text).values()
