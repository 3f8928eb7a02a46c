from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from .forms import LoginForm
from .models import Role
from .permissions import permission_required, public


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


@permission_required("accounts.home")
def home(request: HttpRequest) -> HttpResponse:
    role = getattr(request.user, "role", "")
    if role in (Role.CITIZEN, Role.EMPLOYER):
        return redirect("portal:home")
    if role == Role.PAYMENT_OFFICER:
        return redirect("payments:queue")
    if role == Role.MANAGER:
        return redirect("cases:overview")
    if role == Role.CASEWORKER:
        return redirect("cases:inbox")
    if role == Role.NATIONAL:
        return redirect("payments:rates")
    if role == Role.INTERPRETER:
        return redirect("portal:interpreter_home")
    if role == Role.DATA_PROTECTION:
        return redirect("accounts:access_log")
    if role == Role.INTERPRETER_AGENCY:
        return redirect("portal:agency_home")
    return redirect("accounts:no_access")


@public
def no_access(request: HttpRequest) -> HttpResponse:
    from django.shortcuts import render

    return render(request, "accounts/no_access.html", status=403)
