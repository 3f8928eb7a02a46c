from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import CaseworkSettings


@admin.register(CaseworkSettings)
class CaseworkSettingsAdmin(SimpleHistoryAdmin):  # type: ignore[misc]
    """The municipality's published decision target; shown to everyone on /sagsbehandlingsfrister/."""

    list_display = ("municipality", "decision_target_weeks", "updated_at")
    search_fields = ("municipality__name",)
