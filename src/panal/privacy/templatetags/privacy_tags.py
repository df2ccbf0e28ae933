from django import template

from ..notices import notice

register = template.Library()


@register.inclusion_tag("privacy/_notice.html")
def privacy_notice(key: str):
    return {"notice": notice(key)}
