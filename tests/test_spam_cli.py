"""`flask spam`: train, evaluate, explain, list, promote and roll back models.

Trains on small CSVs written here (training on the starter corpus is covered
once, by `--if-missing` with a model already in place).
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from sqlalchemy import select

from models import SpamModel, db
from tests.starter_model import install_model

SPAM = [
    "Subscribe to my channel for free gift cards http://bit.ly/gift{}",
    "WIN ${}00 NOW!!! click http://prize{}.example",
    "cheap pills online, order now at http://pharma{}.example",
    "Make money from home, {} dollars a day, message me on whatsapp",
    "check out my new video {} and like and subscribe please!!!",
]
HAM = [
    "The part about proofing times in step {} finally made sense to me.",
    "I disagree with point {}, the older method seemed simpler.",
    "Thanks, this helped me fix the bug in chapter {} of my thesis.",
    "My grandmother made it this way too, with {} eggs instead of two.",
    "Could you write a follow-up about the second half of the trip, day {}?",
]


def labelled_rows(n: int = 8) -> list[tuple[str, int]]:
    rows = []
    for i in range(n):
        rows += [(t.format(i, i), 1) for t in SPAM] + [(t.format(i), 0) for t in HAM]
    return rows


@pytest.fixture
def generic_csv(tmp_path: Path) -> Path:
    path = tmp_path / "labelled.csv"
    with path.open("w", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(["text", "label"])
        writer.writerows((text, "spam" if label else "ham") for text, label in labelled_rows())
    return path


@pytest.fixture
def youtube_csv(tmp_path: Path) -> Path:
    path = tmp_path / "Youtube99-Test.csv"
    with path.open("w", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(["COMMENT_ID", "AUTHOR", "DATE", "CONTENT", "CLASS"])
        for i, (text, label) in enumerate(labelled_rows()):
            writer.writerow([f"id{i}", f"user{i}", "2015-01-01", text, label])
    return path


def models(app) -> list[SpamModel]:
    with app.app_context():
        return list(db.session.scalars(select(SpamModel).order_by(SpamModel.id)))


def test_training_on_a_csv_saves_an_active_model_that_the_list_shows(app, runner, generic_csv):
    result = runner.invoke(args=["spam", "train", "--csv", str(generic_csv), "--format", "generic"])
    assert result.exit_code == 0, result.output
    assert "training on 80 comments (40 spam, 40 ham)" in result.output
    assert "MCC" in result.output
    [row] = models(app)
    assert row.active and row.source == "csv"
    assert row.metadata_["training_counts"] == {"csv:labelled.csv": {"spam": 40, "ham": 40}}
    assert row.stored and row.size_bytes > 0
    assert not Path(app.config["MODEL_DIR"]).exists()  # the database holds the model, no folder
    assert f"stored spam model {row.version} ({row.size_bytes / 1e6:.1f} MB in the database)" in result.output
    listing = runner.invoke(args=["spam", "models"])
    assert f"* {row.version}" in listing.output


def test_quiet_training_prints_one_progress_line(app, runner, generic_csv):
    # `make run` trains this way on a first start, so its banner is not buried under metrics.
    result = runner.invoke(args=["spam", "train", "--csv", str(generic_csv), "--quiet"])
    assert result.exit_code == 0, result.output
    assert result.output.strip().splitlines() == [
        "training the spam model on 80 comments (40 spam, 40 ham) from csv"]
    [row] = models(app)
    assert row.active


def test_no_promote_keeps_the_active_model(app, runner, generic_csv):
    runner.invoke(args=["spam", "train", "--csv", str(generic_csv)])
    result = runner.invoke(args=["spam", "train", "--csv", str(generic_csv), "--no-promote"])
    assert result.exit_code == 0, result.output
    first, second = models(app)
    assert first.active and not second.active
    assert f"flask spam models promote {second.version}" in result.output


def test_train_if_missing_leaves_an_installed_model_alone(app, runner, starter_file):
    with app.app_context():
        installed = install_model(starter_file).version
    result = runner.invoke(args=["spam", "train", "--starter", "--if-missing"])
    assert result.exit_code == 0, result.output
    assert f"spam model {installed} is already active" in result.output
    assert [m.version for m in models(app)] == [installed]


def test_train_if_missing_replaces_an_active_model_that_cannot_be_loaded(app, runner, tmp_path):
    with app.app_context():
        old = SpamModel(version="old-layout", payload=b"not a skops file", size_bytes=16,
                        source="starter", metadata_={})
        db.session.add(old)
        db.session.flush()
        old.promote()
        db.session.commit()
    path = tmp_path / "few.csv"
    rows = [("Buy cheap pills at pills.example now", "spam"), ("Thanks the second step fixed it", "ham")]
    path.write_text("text,label\n" + "".join(f"{t} {i},{label}\n" for i in range(6) for t, label in rows))
    result = runner.invoke(args=["spam", "train", "--csv", str(path), "--if-missing"])
    assert result.exit_code == 0, result.output
    assert "cannot load model old-layout" in result.output
    active = [m for m in models(app) if m.active]
    assert [m.version for m in active] != ["old-layout"] and len(active) == 1


def test_a_malformed_csv_is_refused_with_its_row_and_column(app, runner, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("text,label\nfine comment,ham\nanother one,maybe\n")
    result = runner.invoke(args=["spam", "train", "--csv", str(path), "--format", "generic"])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "row 3, column label" in lines[0] and "maybe" in lines[0]
    assert models(app) == []


def test_the_format_is_guessed_from_the_header(app, runner, youtube_csv):
    result = runner.invoke(args=["spam", "train", "--csv", str(youtube_csv)])
    assert result.exit_code == 0, result.output
    assert "training on 80 comments" in result.output


def test_evaluate_with_the_tubespam_protocol_prints_every_metric(app, runner, youtube_csv):
    result = runner.invoke(args=["spam", "evaluate", "--csv", str(youtube_csv), "--protocol", "tubespam"])
    assert result.exit_code == 0, result.output
    assert "tubespam split: 56 train, 24 test" in result.output
    for label in ("accuracy", "precision", "recall", "spam F1", "MCC", "ROC AUC", "confusion matrix"):
        assert label in result.output
    assert models(app) == []  # evaluating saves nothing


def test_evaluate_with_cross_validation(app, runner, generic_csv):
    result = runner.invoke(args=["spam", "evaluate", "--csv", str(generic_csv), "--protocol", "cv"])
    assert result.exit_code == 0, result.output
    assert "stratified 5-fold cross-validation on 80 comments" in result.output
    assert "samples    80" in result.output


def test_explain_prints_the_score_and_the_reasons(app, runner, starter_file):
    with app.app_context():
        install_model(starter_file)
    result = runner.invoke(args=["spam", "explain", "FREE iPhone!!! claim it at http://bit.ly/abc"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    score = float(lines[0].split()[2])
    assert score > 0.5
    assert any("towards spam" in line for line in lines[1:])
    assert any("link" in line for line in lines[1:])


def test_explain_without_a_model_says_how_to_get_one(app, runner):
    result = runner.invoke(args=["spam", "explain", "hello"])
    assert result.exit_code == 1
    assert "flask spam train --starter" in result.output


def test_promote_and_rollback_switch_the_active_model(app, runner, starter_file):
    with app.app_context():
        install_model(starter_file, version="first")
        install_model(starter_file, version="second")
    assert [m.active for m in models(app)] == [False, True]
    result = runner.invoke(args=["spam", "models", "rollback"])
    assert result.exit_code == 0, result.output
    assert "spam model first is active again" in result.output
    assert [m.active for m in models(app)] == [True, False]
    result = runner.invoke(args=["spam", "models", "promote", "second"])
    assert result.exit_code == 0, result.output
    assert [m.active for m in models(app)] == [False, True]


def test_promoting_an_unknown_version_fails_clearly(app, runner):
    result = runner.invoke(args=["spam", "models", "promote", "nope"])
    assert result.exit_code == 2
    assert "no spam model 'nope'" in result.output
    assert runner.invoke(args=["spam", "models", "rollback"]).exit_code == 1


def test_pruning_empties_old_models_but_keeps_the_active_and_rollback_ones(app, runner, starter_file):
    # Seven versions: v0 and v3 were promoted once, v6 is active, the rest
    # were candidates that never were. Each is megabytes in the database.
    with app.app_context():
        for n in range(7):
            install_model(starter_file, version=f"v{n}", active=n in (0, 3, 6))
    result = runner.invoke(args=["spam", "models", "prune", "--keep", "2"])
    assert result.exit_code == 0, result.output
    assert "pruned 3 old spam models: v4, v2, v1" in result.output
    kept = sorted(m.version for m in models(app) if m.stored)
    assert kept == ["v0", "v3", "v5", "v6"]  # promoted before, newest two, active
    listing = runner.invoke(args=["spam", "models"]).output
    assert "v1" in listing and "(pruned)" in listing.splitlines()[2]
    # A pruned model cannot be promoted, and says why; rollback finds a kept one.
    result = runner.invoke(args=["spam", "models", "promote", "v1"])
    assert result.exit_code == 1 and "spam model v1 was pruned" in result.output
    result = runner.invoke(args=["spam", "models", "rollback"])
    assert result.exit_code == 0 and "spam model v3 is active again" in result.output


def test_a_stored_model_can_be_exported_to_a_file(app, runner, starter_file, tmp_path):
    with app.app_context():
        install_model(starter_file, version="kept")
    result = runner.invoke(args=["spam", "models", "export", "kept", "--to", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "kept.skops").read_bytes() == starter_file.read_bytes()


def test_evaluate_an_existing_model_on_a_csv_without_training(app, runner, starter_file, generic_csv):
    with app.app_context():
        install_model(starter_file, version="installed")
    result = runner.invoke(args=["spam", "evaluate", "--model", "active", "--csv", str(generic_csv)])
    assert result.exit_code == 0, result.output
    assert "testing spam model installed on 80 comments (40 spam)" in result.output
    assert "samples    80" in result.output
    [mcc] = [line for line in result.output.splitlines() if line.split()[:1] == ["MCC"]]
    assert float(mcc.split()[1]) > 0.5  # the starter model knows these obvious families
    assert [m.version for m in models(app)] == ["installed"]  # nothing trained, nothing saved
    by_version = runner.invoke(args=["spam", "evaluate", "--model", "installed", "--csv", str(generic_csv)])
    assert by_version.exit_code == 0 and mcc in by_version.output


def test_evaluate_names_a_model_that_does_not_exist(app, runner, generic_csv):
    result = runner.invoke(args=["spam", "evaluate", "--model", "nope", "--csv", str(generic_csv)])
    assert result.exit_code == 2 and "no spam model 'nope'" in result.output
    result = runner.invoke(args=["spam", "evaluate", "--model", "active", "--csv", str(generic_csv)])
    assert result.exit_code == 1 and "flask spam train --starter" in result.output
    result = runner.invoke(args=["spam", "evaluate", "--model", "active", "--protocol", "cv",
                                 "--csv", str(generic_csv)])
    assert result.exit_code == 2 and "leave it out with --model" in result.output


@pytest.mark.slow  # a whole YouTube file replayed with retraining
def test_replay_prints_a_learning_curve_and_the_streams_mcc(app, runner, youtube_csv, tmp_path,
                                                            smaller_starter_corpus):
    picture = tmp_path / "curve.png"
    result = runner.invoke(args=["spam", "replay", "--csv", str(youtube_csv), "--retrain-every", "40",
                                 "--shuffle", "7", "--plot", str(picture)])
    assert result.exit_code == 0, result.output
    out = result.output
    assert ("replaying 80 comments (40 spam) shuffled (seed 7); "
            "retraining after 10, 25, 50, then every 40 decisions") in out
    for at in (10, 25, 50):
        assert f"after {at:>5} decisions: held-out MCC" in out
    assert "after    90" not in out  # the next point, 90, is past the end of the stream
    curve = out[out.index("learning curve"):out.index("over the whole stream")].splitlines()
    assert curve[2].split()[0] == "1-80" and len(curve) == 3  # one block of 80 comments
    assert any(line.split()[:1] == ["MCC"] for line in out.splitlines())
    assert picture.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert models(app) == []  # replay never touches the database


def test_replay_refuses_a_plot_that_is_not_a_png(app, runner, youtube_csv):
    result = runner.invoke(args=["spam", "replay", "--csv", str(youtube_csv), "--plot", "curve.jpg"])
    assert result.exit_code == 2 and "ending in .png" in result.output
