"""The dashboard's sections, contributed by the apps above this one.

An app registers a section in its ``AppConfig.ready()``: a template and a function that
builds the template's context for the signed-in user. Sections show in ``order``.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from accounts.models import User


@dataclass(frozen=True)
class Section:
    order: int
    template: str
    context: Callable[[User], dict]


_sections: dict[str, Section] = {}


def register_section(*, order: int, template: str, context: Callable[[User], dict]) -> None:
    _sections[template] = Section(order, template, context)


def sections_render(*, request: HttpRequest) -> list[SafeString]:
    ordered = sorted(_sections.values(), key=lambda section: section.order)
    return [
        render_to_string(section.template, section.context(request.user), request)
        for section in ordered
    ]
