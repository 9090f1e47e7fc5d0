"""A signed-in user's own account: change the password (every role; the admin's page admits staff only)."""
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.shortcuts import redirect

from topics_app.views.pages import page


@login_required
def password_change(request):
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        # Changing the password ends every other session; this one stays signed in.
        update_session_auth_hash(request, user)
        messages.success(request, "Your password was changed.")
        return redirect("topics_app:cluster-list")
    return page(request, "strom/password_change.html", "Change password", form=form)
