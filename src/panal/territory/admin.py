from django.contrib import admin

from .models import Commune, CommuneAlias, Province, Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "abbreviation"]


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "region"]
    list_filter = ["region"]


@admin.register(Commune)
class CommuneAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "province", "region", "population"]
    list_filter = ["region"]
    search_fields = ["code", "name"]


@admin.register(CommuneAlias)
class CommuneAliasAdmin(admin.ModelAdmin):
    list_display = ["alias", "commune"]
    search_fields = ["alias"]
    autocomplete_fields = ["commune"]
