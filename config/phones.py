"""Phone numbers as people paste them, stored in one form (E.164) and shown formatted
(django-phonenumber-field and Google's libphonenumber)."""

import re

from phonenumber_field import formfields, modelfields

#: Any kind of space, such as the narrow non-breaking space of numbers copied from a web page,
#: which libphonenumber does not take for punctuation.
SPACES = re.compile(r"\s")


class PhoneNumberFormField(formfields.PhoneNumberField):
    def to_python(self, value):
        if isinstance(value, str):
            value = SPACES.sub(" ", value)
        return super().to_python(value)


class PhoneNumberField(modelfields.PhoneNumberField):
    """A phone number; French when typed without a country code (PHONENUMBER_DEFAULT_REGION)."""

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": PhoneNumberFormField, **kwargs})
