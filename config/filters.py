"""Filter foundations shared by every list."""

import django_filters
from django.utils.functional import lazy
from django.utils.translation import gettext


def _descending(label):
    return gettext("%s (descending)") % label


class OrderingFilter(django_filters.OrderingFilter):
    """django-filter's sort choice, with its "(descending)" labels translated when a page shows
    them: django-filter formats them once, when the filter class is built (at import, in the
    default language), so English pages read "(décroissant)"."""

    def build_choices(self, fields, labels):
        """[(param, label)] ascending then descending for each field, every label lazy."""
        choices = []
        for param, label in super().build_choices(fields, labels)[::2]:
            choices.append((param, label))
            descending = f"-{param}"
            choices.append((descending, labels.get(descending, lazy(_descending, str)(label))))
        return choices
