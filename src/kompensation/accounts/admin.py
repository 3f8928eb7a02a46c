from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import AccessLog, Municipality, User


@admin.register(User)
class KompensationUserAdmin(UserAdmin, SimpleHistoryAdmin):  # type: ignore[misc,type-arg]
    list_display = ("username", "first_name", "last_name", "role", "municipality", "cvr")
    list_filter = ("role", "municipality")
    fieldsets = (*UserAdmin.fieldsets, ("Rolle", {"fields": ("role", "municipality", "cvr", "cpr", "phone")}))  # type: ignore[misc]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("code", "name", "region")
    search_fields = ("code", "name")


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("at", "user", "action", "person_id", "case_id", "path")
    list_filter = ("action",)

    def has_change_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False
