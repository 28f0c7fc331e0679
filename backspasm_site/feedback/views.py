from urllib.parse import urlencode

from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST, require_safe

from . import guards
from .forms import FORM_EXPIRED, CommentForm, HelpfulForm, comment_token, feedback_for
from .models import Feedback
from .scrub import details_were_removed, scrub_comment

CROSS_SITE = "This feedback came from another website, so we did not save it."
TOO_MANY = "You have sent a lot of feedback in a short time. Wait a few minutes and try again."
ALREADY_SENT = "We already have a comment for this answer. Thank you."


def problem(request, problems, *, status: int, article=None):
    response = render(
        request, "feedback/problem.html", {"problems": problems, "article": article}, status=status
    )
    if status == 429:
        response["Retry-After"] = str(guards.RATE_WINDOW_SECONDS)
    return response


# The article page's form carries no CSRF token (the page is cached whole for everyone); guards.py
# refuses cross-site posts and limits the rate instead.
@csrf_exempt
@never_cache
@require_POST
def give_feedback(request):
    if not guards.is_same_site(request):
        return problem(request, [CROSS_SITE], status=403)
    if guards.over_rate_limit(request):
        return problem(request, [TOO_MANY], status=429)
    form = HelpfulForm(request.POST)
    if not form.is_valid():
        return problem(request, [error for errors in form.errors.values() for error in errors], status=400)
    feedback = Feedback.objects.create(
        article=form.cleaned_data["article"], helpful=form.cleaned_data["helpful"]
    )
    # Post, redirect, get: reloading the thank-you page asks for it again, and never sends the answer twice.
    return redirect(f"{reverse('feedback:thanks')}?{urlencode({'token': comment_token(feedback)})}")


@never_cache
@require_safe
def thanks(request):
    """The page a Yes or No leads to; after a No, with the comment form. Its token (signed, an hour) names the
    answer: no cookie, no session."""
    token = request.GET.get("token", "")
    feedback = feedback_for(token)
    if feedback is None:
        return problem(request, [FORM_EXPIRED], status=400)
    comment_form = None if feedback.helpful else CommentForm(initial={"token": token})
    return render(
        request,
        "feedback/thanks.html",
        {"article": feedback.article, "helpful": feedback.helpful, "comment_form": comment_form},
    )


@sensitive_post_parameters("comment")  # the reader's own words stay out of error reports
@never_cache
@require_POST
def add_comment(request):
    """The optional comment after a "No". CSRF-protected: the thank-you page is not cached."""
    if guards.over_rate_limit(request):
        return problem(request, [TOO_MANY], status=429)
    form = CommentForm(request.POST)
    if not form.is_valid() and "token" in form.errors:
        return problem(request, form.errors["token"], status=400)
    feedback = form.cleaned_data["token"]
    if form.errors:
        context = {"article": feedback.article, "helpful": False, "comment_form": form}
        return render(request, "feedback/thanks.html", context)
    written = form.cleaned_data["comment"]
    comment = scrub_comment(written)
    if comment and not Feedback.objects.filter(pk=feedback.pk, comment="").update(comment=comment):
        return problem(request, [ALREADY_SENT], status=409, article=feedback.article)
    return render(
        request,
        "feedback/comment_sent.html",
        {
            "article": feedback.article,
            "saved": bool(comment),
            "removed_details": details_were_removed(written, comment),
        },
    )
