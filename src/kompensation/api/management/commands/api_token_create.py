from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from kompensation.accounts.models import User
from kompensation.api.services import api_token_issue, max_days


class Command(BaseCommand):
    help = "Udsteder et API-token til en virksomhedsbruger. Tokenet vises kun denne ene gang."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--days", type=int, default=None, help=f"Gyldighed i dage (højst {max_days()}).")
        parser.add_argument("--name", default="Lønsystem", help="Tokenets navn, fx lønsystemets navn.")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"Brugeren «{options['username']}» findes ikke.")
        try:
            token, secret = api_token_issue(user=user, name=options["name"], days=options["days"])
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stderr.write(
            f"Token «{token.name}» til {user.username} (CVR {user.cvr}), gyldigt til "
            f"{token.expires_at:%d.%m.%Y}. Gem det nu; det kan ikke vises igen:"
        )
        self.stdout.write(secret)
