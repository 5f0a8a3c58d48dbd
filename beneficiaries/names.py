"""A person's names reduced to one key, so that two spellings of the same person meet: the key
is what the duplicate check compares (with the birth date). A leaf module: no model imports,
so that the model, its data migration and the import may all call it.

The rules, in order (each one is a habit seen in French records of refugees' names):

1. accents, case, apostrophes and dashes as the search ignores them (`config.search.normalise`:
   « Aïcha N’Diaye-Touré » → "aicha ndiaye toure"), apostrophes dropped rather than spaced, so
   that "N'Diaye" meets "Ndiaye";
2. doubled letters written once: Arabic and Persian mark a doubled consonant with a sign
   (shadda) that romanisations write twice or once — Mohammed/Mohamed, Youssef/Yousef,
   Hussein/Husein;
3. the particle "abd" ("servant of") and its article, however spelled — "Abd el", "Abd-al",
   "Abdul", "Abdoul", "Abdel" — written "abdel" as a word of its own, also when joined to
   the name that follows ("Abdelkader" → "abdel kader");
4. the common transliteration variants of a few given names (`VARIANTS`), one spelling each;
5. the words sorted, so that the order of first and last names (often swapped on papers
   written in another script) does not count.
"""

import re

from config.search import normalise

#: Romanisations of the same Arabic or Persian given name, each mapped to one spelling (after
#: rule 2, so doubled letters are already single). Source: the English and French
#: romanisations of these names found side by side in records (ALA-LC and ISO 233
#: transliterations against the French and English usage on identity papers); kept short and
#: reviewed on purpose: every entry makes two different people more likely to be proposed as
#: one, so only spellings of the very same name are listed. Left out on purpose: national
#: forms that are names in their own right (Turkish "Mehmet", French "Joseph" for Youssef,
#: West-African "Ibrahima", "Mamadou"), which people keep as they are.
VARIANTS = {
    # Muhammad (محمد)
    "mohamed": "muhamad",
    "mohamad": "muhamad",
    "muhamed": "muhamad",
    "mouhamed": "muhamad",
    "mouhamad": "muhamad",
    # Ahmad (أحمد)
    "ahmed": "ahmad",
    # Yusuf (يوسف)
    "yusef": "yusuf",
    "yousef": "yusuf",
    "yousouf": "yusuf",
    "yousuf": "yusuf",
    "youssouf": "yusuf",
    "yosef": "yusuf",
    # Husayn (حسين)
    "husein": "husayn",
    "husain": "husayn",
    "hosein": "husayn",
    "housein": "husayn",
    # Ali (علي)
    "aly": "ali",
    # Mustafa (مصطفى)
    "moustafa": "mustafa",
    "mostafa": "mustafa",
    "mustapha": "mustafa",
    "moustapha": "mustafa",
    "mostapha": "mustafa",
    # Mahmud (محمود)
    "mahmoud": "mahmud",
    "mahmood": "mahmud",
    # Ibrahim (إبراهيم)
    "ebrahim": "ibrahim",
    # Khalid (خالد)
    "khaled": "khalid",
    # Omar (عمر)
    "umar": "omar",
}

#: "abd" and its article, written apart or joined to each other or to the name that follows
#: ("Abd el Kader", "Abdelkader", "Abdul Rahman", "Abdulrahman"): rule 3.
ABD = re.compile(r"\babd(?:\s+|u|ou)?(?:el|al|ul|ol|l)\s*|\babd\b\s*")
DOUBLED = re.compile(r"(\w)\1+")


def name_words(text):
    """The words of one name (str) after rules 1 to 4, in their order (list of str)."""
    text = normalise(text).replace("'", "")
    text = DOUBLED.sub(r"\1", text)
    text = ABD.sub("abdel ", text)
    words = re.findall(r"\w+", text)
    return [VARIANTS.get(word, word) for word in words]


def name_key(first_name, last_name):
    """The key of a person's names (str): `first_name` and `last_name` (str) normalised by
    the rules above, their words sorted and joined by single spaces. Two people share a key
    when their names differ only by accents, case, punctuation, doubled letters, a listed
    transliteration variant or the order of the names. "" when both are empty."""
    return " ".join(sorted(name_words(first_name) + name_words(last_name)))
