"""The data: SQLAlchemy models of sites, threads, comments, moderators and decisions.

Import models from here. The spam classifier lives in the Flask-free `spam`
package; `models.samples` and the registry in `models.spam_model` import it
only inside the functions that need it, so web processes never pay for
loading scikit-learn.
"""

from .base import Base, db, utcnow
from .captcha import CaptchaChallenge, ChallengeStore
from .comment import (
    Comment,
    CommentStatus,
    Decision,
    DecisionAction,
    author_key,
    author_post_counts,
    decide,
    mark_score_failed,
    record_score,
    transition,
    undo,
)
from .imported import ImportChunk, ImportedComment, ImportJob, ImportJobStatus
from .insight_counts import InsightCount, InsightDirty, InsightRollup, InsightSite
from .moderator import Moderator, Role, moderator_sites
from .notification import (
    NOTIFY_MODES,
    MailAddress,
    MailKind,
    MailState,
    Notification,
    Subscription,
    SubscriptionKind,
)
from .privacy import PrivacyAction, PrivacyLog
from .search import decisions_matching, where_matches  # also builds the text index with the schema
from .site import SITE_REF_COLUMNS, Site, SiteRef, normalise_origin, origin_listed
from .spam_model import SpamModel
from .thread import Thread, normalise_uri
from .webhook import WEBHOOK_EVENTS, DeliveryState, Webhook, WebhookDelivery

__all__ = [
    "NOTIFY_MODES",
    "WEBHOOK_EVENTS",
    "DeliveryState",
    "MailAddress",
    "MailKind",
    "MailState",
    "Notification",
    "Subscription",
    "SubscriptionKind",
    "Webhook",
    "WebhookDelivery",
    "SITE_REF_COLUMNS",
    "Base",
    "CaptchaChallenge",
    "ChallengeStore",
    "Comment",
    "CommentStatus",
    "Decision",
    "DecisionAction",
    "ImportChunk",
    "ImportJob",
    "ImportJobStatus",
    "ImportedComment",
    "InsightCount",
    "InsightDirty",
    "InsightRollup",
    "InsightSite",
    "Moderator",
    "PrivacyAction",
    "PrivacyLog",
    "Role",
    "Site",
    "SiteRef",
    "SpamModel",
    "Thread",
    "author_key",
    "author_post_counts",
    "db",
    "decide",
    "decisions_matching",
    "mark_score_failed",
    "moderator_sites",
    "normalise_origin",
    "normalise_uri",
    "origin_listed",
    "record_score",
    "transition",
    "undo",
    "utcnow",
    "where_matches",
]
