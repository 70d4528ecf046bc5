"""Every console form. Flask-WTF adds and checks the CSRF token on each one."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    EmailField,
    FloatField,
    HiddenField,
    IntegerField,
    PasswordField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    EqualTo,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)
from wtforms.widgets import CheckboxInput, ListWidget

from models import NOTIFY_MODES, WEBHOOK_EVENTS, normalise_origin
from models.site import POW_MAX_NUMBER, POW_MAX_NUMBER_RANGE

__all__ = [
    "ActionForm",
    "NotifyForm",
    "WebhookForm",
    "CommenterForm",
    "ExportForm",
    "ImportForm",
    "LoginForm",
    "ModeratorForm",
    "RetentionForm",
    "SetPasswordForm",
    "SiteForm",
]

PASSWORD_MIN = 10


class LoginForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=1024)])
    next = HiddenField()


class ActionForm(FlaskForm):
    """A form with nothing but its CSRF token: decisions, bulk, undo, logout."""


class SetPasswordForm(FlaskForm):
    password = PasswordField(
        "New password",
        validators=[DataRequired(), Length(min=PASSWORD_MIN, max=1024,
                                           message=f"Use at least {PASSWORD_MIN} characters.")],
    )
    confirm = PasswordField("Repeat it", validators=[DataRequired(), EqualTo("password", "The two differ.")])


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ModeratorForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), Length(max=254)])
    role = SelectField("Role", choices=[
        SelectChoice("moderator", "Moderator: reviews the queues of its sites"),
        SelectChoice("owner", "Owner: also changes its sites' settings and moderators"),
        SelectChoice("admin", "Admin: every site and every person"),
    ])
    sites = MultiCheckboxField("Sites", coerce=int)

    def validate_email(self, field: EmailField) -> None:
        # A light check: the address only has to reach a person with the link we show.
        value = (field.data or "").strip().lower()
        local, _, domain = value.rpartition("@")
        if not local or "." not in domain or any(c.isspace() for c in value):
            raise ValidationError("Not an email address.")
        field.data = value


class SiteForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(), Length(max=200)])
    origins = TextAreaField(
        "Allowed origins",
        description="One per line: the addresses of the pages the comment form may be embedded on. "
                    "Example: https://blog.example and https://www.blog.example for a blog at both.",
    )
    spam_threshold = FloatField(
        "Straight to spam at score", validators=[Optional(), NumberRange(0, 1, "Between 0 and 1.")],
        description="A comment the filter scores at least this high goes to the spam folder without waiting "
                    "in the queue; moderators can still find it there and release it. Example: at 0.99, a "
                    "comment scored 0.995 is filed as spam, one scored 0.98 waits for you. Empty: never.",
    )
    hold_links_over = IntegerField(
        "Never auto-approve a comment with more than this many links", validators=[
            InputRequired("A number."), NumberRange(0, 1000, "Between 0 and 1000.")],
        default=2,
        description="Only matters with auto-approval below; without it every comment waits for a moderator "
                    "anyway. Example: at 2, a trusted author's comment with three links still waits for you.",
    )
    auto_approve_trusted = BooleanField(
        "Auto-approve authors with earlier approved comments",
        description="Needs commenters' confirmed email addresses, which this version does not collect yet: "
                    "until then every comment waits for a moderator, ticked or not (a typed name or "
                    "email is never enough).",
    )
    auto_approve_below = FloatField(
        "…when their score is below", validators=[InputRequired("A number."),
                                                   NumberRange(0, 1, "Between 0 and 1.")],
        default=0.1,
        description="The filter's score up to which a trusted author's comment is published at once. "
                    "Example: at 0.1, their comment scored 0.05 appears, one scored 0.3 waits for you.",
    )
    pow_max_number = IntegerField(
        "Proof-of-work size", validators=[Optional(), NumberRange(
            *POW_MAX_NUMBER_RANGE, f"Between {POW_MAX_NUMBER_RANGE[0]:,} and {POW_MAX_NUMBER_RANGE[1]:,}.")],
        default=POW_MAX_NUMBER,
        description=f"Hashes the comment form computes, at most, while a person types (half that on "
                    f"average). A phone does a few hundred thousand a second; a bot's native solver "
                    f"pays the same count in CPU for every attempt. Empty: the default, {POW_MAX_NUMBER:,}.",
    )

    def validate_origins(self, field: TextAreaField) -> None:
        normalised = []
        for line in (field.data or "").splitlines():
            if not line.strip():
                continue
            try:
                origin = normalise_origin(line)
            except ValueError as error:
                raise ValidationError(str(error)) from None
            if origin not in normalised:
                normalised.append(origin)
        if len(normalised) > 50:
            raise ValidationError("At most 50 origins.")
        self.origin_list = normalised


class NotifyForm(FlaskForm):
    notify_mode = RadioField("Mail me about comments waiting for moderation",
                             choices=[SelectChoice(k, v) for k, v in NOTIFY_MODES.items()],
                             validators=[InputRequired("Choose one.")])


class WebhookForm(FlaskForm):
    url = StringField("Address (URL)", validators=[DataRequired("The receiver's address."), Length(max=2000)],
                      description="An https:// address that accepts POST requests.")
    events = MultiCheckboxField("Events", default=list(WEBHOOK_EVENTS),
                                choices=[SelectChoice(k, f"{k}: {v}") for k, v in WEBHOOK_EVENTS.items()])
    format = RadioField("Body", choices=[
        SelectChoice("json", "Signed JSON, for your own code"),
        SelectChoice("slack", "Chat text ({\"text\": ...}): Slack, Mattermost, Rocket.Chat and others"),
    ], default="json")

    def validate_events(self, field: MultiCheckboxField) -> None:
        if not field.data:
            raise ValidationError("Choose at least one event.")

    def validate_url(self, field: StringField) -> None:
        from flask import current_app

        from workers.webhooks import BlockedTarget, check_target

        try:
            check_target((field.data or "").strip(), current_app.config["WEBHOOK_ALLOW_PRIVATE"])
        except BlockedTarget as error:
            raise ValidationError(str(error)) from None


# --- moving comments in and out, and a commenter's data (console/porting.py) ---

class ImportForm(FlaskForm):
    file = FileField("Export file", validators=[FileRequired("Choose the file to import.")])
    format = SelectField("Format", choices=[
        SelectChoice("detect", "Recognise it from the file"),
        SelectChoice("wordpress", "WordPress export (WXR, .xml)"),
        SelectChoice("disqus", "Disqus export (.xml or .xml.gz)"),
        SelectChoice("isso", "Isso database (comments.db)"),
        SelectChoice("json", "This service's JSON export"),
    ])
    maps = TextAreaField(
        "Rewrite page addresses", validators=[Length(max=4000)],
        description="Optional, one per line: OLD_PREFIX=NEW_PREFIX, for example "
                    "http://old.example/blog/=https://blog.example/. Paths like /2019/post join the "
                    "site's first origin.")
    with_pingbacks = BooleanField("Keep pingbacks and trackbacks")
    train = BooleanField("Afterwards, train the spam model on the imported approved and spam comments",
                         description="Promoted only if it does at least as well as the active model on "
                                     "decisions it did not see, as any retraining.")
    dry_run = BooleanField("Check only: read the file and show the report, write nothing")

    def validate_maps(self, field: TextAreaField) -> None:
        from moderation.porting import parse_maps

        try:
            lines = [line.strip() for line in (field.data or "").splitlines()]
            self.map_pairs = parse_maps(line for line in lines if line)
        except ValueError as error:
            raise ValidationError(str(error)) from None


class ExportForm(FlaskForm):
    format = SelectField("Format", choices=[
        SelectChoice("json", "JSON: a complete backup, read back by Import"),
        SelectChoice("wxr", "WordPress (WXR), to move the comments to WordPress"),
    ])
    decisions = BooleanField("Include the moderators' decisions (JSON only)")


class CommenterForm(FlaskForm):
    email = EmailField("Commenter's email address", validators=[DataRequired("Enter an email address."),
                                                                Length(max=254)])
    confirm = HiddenField()

    def validate_email(self, field: EmailField) -> None:
        value = (field.data or "").strip()
        if "@" not in value or any(c.isspace() for c in value):
            raise ValidationError("Not an email address.")
        field.data = value


class RetentionForm(FlaskForm):
    keep_network_days = IntegerField(
        "Forget a comment's network and browser after (days)",
        validators=[Optional(), NumberRange(1, 36500, "Between 1 and 36,500 days, or empty to keep them.")],
        description="Empty: kept as long as the comment.")
    keep_rejected_days = IntegerField(
        "Delete rejected and spam comments after (days)",
        validators=[Optional(), NumberRange(1, 36500, "Between 1 and 36,500 days, or empty to keep them.")],
        description="Counted from the decision. Empty: kept, as spam is what the spam model learns from.")
    erase_keeps_numbering = SelectField("Erasing a commenter", choices=[
        SelectChoice("keep", "keeps their approved replies' places as \u201cdeleted\u201d, so numbers stay"),
        SelectChoice("delete", "deletes their approved replies too, leaving gaps in the numbering"),
    ])
