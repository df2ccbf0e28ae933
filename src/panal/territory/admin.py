"""Territory is loaded by `panal load-reference` (Censo 2024, CUT codes): read-only in the admin."""

from django.contrib import admin

from panal.core.admin_base import ReadOnlyAdmin

from .models import Commune, CommuneAlias, Province, Region


@admin.register(Region)
class RegionAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "abbreviation"]


@admin.register(Province)
class ProvinceAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "region"]
    list_filter = ["region"]


@admin.register(Commune)
class CommuneAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "province", "region", "population"]
    list_filter = ["region"]
    search_fields = ["code", "name"]


@admin.register(CommuneAlias)
class CommuneAliasAdmin(ReadOnlyAdmin):
    list_display = ["alias", "commune"]
    search_fields = ["alias"]
    autocomplete_fields = ["commune"]
