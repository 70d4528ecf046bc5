"""Judge comments for spam, without Flask: normalising, features, the classifier, reasons, corpora.

The web app stores comments and the worker scores them; both reach the model only through this
package, which knows nothing of the database or the request. Importing ``spam`` must never import
Flask, Flask-SQLAlchemy or the app's models: the benchmarks and any other program use it alone.

    from spam import Sample, SpamClassifier, starter_corpus
    data = starter_corpus()
    model = SpamClassifier.train(data.samples, data.labels, sources=data.sources)
    model.judge(Sample(body="Cheap pills at example.top")).score
"""

from .classifier import MODEL_SUFFIX, Judgement, SpamClassifier, train
from .corpora import (
    FORMATS,
    STARTER_CSV,
    CsvFormatError,
    Labelled,
    corpus_kinds,
    csv_corpus,
    detect_format,
    load_labelled_csv,
    starter_corpus,
)
from .evaluation import cross_validate, evaluate, tubespam_split
from .features import Sample
from .reasons import Reason
from .textnorm import normalise

__all__ = [
    "FORMATS",
    "MODEL_SUFFIX",
    "STARTER_CSV",
    "CsvFormatError",
    "Judgement",
    "Labelled",
    "Reason",
    "Sample",
    "SpamClassifier",
    "corpus_kinds",
    "csv_corpus",
    "cross_validate",
    "detect_format",
    "evaluate",
    "load_labelled_csv",
    "normalise",
    "starter_corpus",
    "train",
    "tubespam_split",
]
