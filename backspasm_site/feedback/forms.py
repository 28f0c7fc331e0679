from django import forms
from django.core import signing
from django.core.exceptions import ValidationError

from backspasm_site.articles.models import Article

from .models import Feedback
from .scrub import MAX_COMMENT_LENGTH

# What readers see when something is wrong (tests import these).
UNKNOWN_PAGE = "We could not tell which page your feedback is about. Go back to the page and try again."
CHOOSE_YES_OR_NO = "Choose Yes or No to tell us if the page was helpful."
COMMENT_TOO_LONG = f"Your comment must be {MAX_COMMENT_LENGTH} characters or fewer."
FORM_EXPIRED = (
    "This comment form has expired or is not valid. Your Yes or No answer was saved. "
    "To add a comment, go back to the page and answer again."
)

# The comment form names the feedback row it belongs to by a signed, short-lived token in the page
# itself: no cookie and no session is needed to tie a comment to its "No".
TOKEN_SALT = "backspasm.feedback.comment"  # noqa: S105 - a namespace, not a secret
TOKEN_MAX_AGE_SECONDS = 60 * 60


def comment_token(feedback: Feedback) -> str:
    return signing.dumps(feedback.pk, salt=TOKEN_SALT)


def feedback_for(token: str) -> Feedback | None:
    """The answer a token names, if the token is ours and under TOKEN_MAX_AGE_SECONDS old."""
    try:
        pk = signing.loads(token, salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE_SECONDS)
    except signing.BadSignature:  # SignatureExpired included
        return None
    return Feedback.objects.select_related("article").filter(pk=pk).first()


class HelpfulForm(forms.Form):
    article = forms.SlugField(
        max_length=80,
        error_messages={"required": UNKNOWN_PAGE, "invalid": UNKNOWN_PAGE, "max_length": UNKNOWN_PAGE},
    )
    helpful = forms.TypedChoiceField(
        choices=(("yes", "Yes"), ("no", "No")),
        coerce=lambda value: value == "yes",
        error_messages={"required": CHOOSE_YES_OR_NO, "invalid_choice": CHOOSE_YES_OR_NO},
    )

    def clean_article(self) -> Article:
        article = Article.objects.published().filter(slug=self.cleaned_data["article"]).first()
        if article is None:
            raise ValidationError(UNKNOWN_PAGE)
        return article


class CommentField(forms.CharField):
    def to_python(self, value):
        # Browsers count a new line as one character against maxlength but send two (\r\n).
        return super().to_python(value).replace("\r\n", "\n")


class CommentForm(forms.Form):
    token = forms.CharField(
        widget=forms.HiddenInput,
        max_length=200,
        error_messages={"required": FORM_EXPIRED, "max_length": FORM_EXPIRED},
    )
    comment = CommentField(
        label="What could we do better? (optional)",
        help_text="Do not include your name, email address, phone number or health details. "
        "We cannot reply to comments.",
        required=False,
        max_length=MAX_COMMENT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"max_length": COMMENT_TOO_LONG},
    )

    def clean_token(self) -> Feedback:
        feedback = feedback_for(self.cleaned_data["token"])
        if feedback is None or feedback.helpful:
            raise ValidationError(FORM_EXPIRED)
        return feedback
