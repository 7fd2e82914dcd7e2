"""``{{ value|cited }}``: a ``source`` shown as the registry records it cites (symbol linked to the registry page,
date, the part cited, a link to the public text) and further public pages; text stored before sources were checked
is shown as it is."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from ntm.legal.selectors import cited_sources

register = template.Library()


@register.filter
def cited(text: str | None) -> SafeString:
    rows = []
    for item in cited_sources(text or ""):
        doc = item.document
        if doc is None and item.page_url:
            rows.append(
                format_html(
                    '<a href="{}" rel="noopener" target="_blank">{}</a>', item.page_url, _("public page")
                )
            )
        elif doc is None:
            rows.append(format_html("{}", item.text))
        else:
            date = (
                f" ngày {doc.issued_on.day:02d}/{doc.issued_on.month}/{doc.issued_on.year}"
                if doc.issued_on
                else ""
            )
            html = format_html(
                '<a href="{}" title="{}">{}</a>{}{}',
                reverse("legal:detail", args=[doc.pk]),
                doc.title or doc.note,
                doc.symbol,
                date,
                f", {item.part}" if item.part else "",
            )
            if doc.url:
                html = format_html(
                    '{} (<a href="{}" rel="noopener" target="_blank">{}</a>)', html, doc.url, _("full text")
                )
            rows.append(html)
    return format_html(
        '<span class="cited">{}</span>', format_html_join("; ", "{}", ((row,) for row in rows))
    )
