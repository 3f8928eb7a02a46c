from django.http import HttpRequest

from .models import Role


def role(request: HttpRequest) -> dict[str, object]:
    user = request.user
    current = getattr(user, "role", "") if user.is_authenticated else ""
    return {"current_role": current, "Role": Role}
