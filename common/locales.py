"""Luzmo's locale catalogue: the ISO 639-1 codes a user or organization may store.

The UI speaks only ``settings.LANGUAGES`` (English, Dutch, French); every other locale of
the catalogue is stored and answered by the Core API as given, and the UI shows it in
English (``ui_language``). The table is Django's two-letter ``LANG_INFO`` codes plus
Chinese (``zh``), written out so that a Django upgrade doesn't change what is accepted.
Bottom package: imports no app.
"""

from datetime import UTC, datetime

from django.conf import settings

# code → (English description, the language's own name)
LOCALES: dict[str, tuple[str, str]] = {
    "af": ("Afrikaans", "Afrikaans"),
    "ar": ("Arabic", "العربيّة"),
    "az": ("Azerbaijani", "Azərbaycanca"),
    "be": ("Belarusian", "беларуская"),
    "bg": ("Bulgarian", "български"),
    "bn": ("Bengali", "বাংলা"),
    "br": ("Breton", "brezhoneg"),
    "bs": ("Bosnian", "bosanski"),
    "ca": ("Catalan", "català"),
    "cs": ("Czech", "česky"),
    "cy": ("Welsh", "Cymraeg"),
    "da": ("Danish", "dansk"),
    "de": ("German", "Deutsch"),
    "el": ("Greek", "Ελληνικά"),
    "en": ("English", "English"),
    "eo": ("Esperanto", "Esperanto"),
    "es": ("Spanish", "español"),
    "et": ("Estonian", "eesti"),
    "eu": ("Basque", "Basque"),
    "fa": ("Persian", "فارسی"),
    "fi": ("Finnish", "suomi"),
    "fr": ("French", "français"),
    "fy": ("Frisian", "frysk"),
    "ga": ("Irish", "Gaeilge"),
    "gd": ("Scottish Gaelic", "Gàidhlig"),
    "gl": ("Galician", "galego"),
    "he": ("Hebrew", "עברית"),
    "hi": ("Hindi", "हिंदी"),
    "hr": ("Croatian", "Hrvatski"),
    "hu": ("Hungarian", "Magyar"),
    "hy": ("Armenian", "հայերեն"),
    "ia": ("Interlingua", "Interlingua"),
    "id": ("Indonesian", "Bahasa Indonesia"),
    "ig": ("Igbo", "Asụsụ Ìgbò"),
    "io": ("Ido", "ido"),
    "is": ("Icelandic", "Íslenska"),
    "it": ("Italian", "italiano"),
    "ja": ("Japanese", "日本語"),
    "ka": ("Georgian", "ქართული"),
    "kk": ("Kazakh", "Қазақ"),
    "km": ("Khmer", "Khmer"),
    "kn": ("Kannada", "Kannada"),
    "ko": ("Korean", "한국어"),
    "ky": ("Kyrgyz", "Кыргызча"),
    "lb": ("Luxembourgish", "Lëtzebuergesch"),
    "lt": ("Lithuanian", "Lietuviškai"),
    "lv": ("Latvian", "latviešu"),
    "mk": ("Macedonian", "Македонски"),
    "ml": ("Malayalam", "മലയാളം"),
    "mn": ("Mongolian", "Mongolian"),
    "mr": ("Marathi", "मराठी"),
    "ms": ("Malay", "Bahasa Melayu"),
    "my": ("Burmese", "မြန်မာဘာသာ"),
    "nb": ("Norwegian Bokmal", "norsk (bokmål)"),
    "ne": ("Nepali", "नेपाली"),
    "nl": ("Dutch", "Nederlands"),
    "nn": ("Norwegian Nynorsk", "norsk (nynorsk)"),
    "no": ("Norwegian", "norsk"),
    "os": ("Ossetic", "Ирон"),
    "pa": ("Punjabi", "Punjabi"),
    "pl": ("Polish", "polski"),
    "pt": ("Portuguese", "Português"),
    "ro": ("Romanian", "Română"),
    "ru": ("Russian", "Русский"),
    "sk": ("Slovak", "slovensky"),
    "sl": ("Slovenian", "Slovenščina"),
    "sq": ("Albanian", "shqip"),
    "sr": ("Serbian", "српски"),
    "sv": ("Swedish", "svenska"),
    "sw": ("Swahili", "Kiswahili"),
    "ta": ("Tamil", "தமிழ்"),
    "te": ("Telugu", "తెలుగు"),
    "tg": ("Tajik", "тоҷикӣ"),
    "th": ("Thai", "ภาษาไทย"),
    "tk": ("Turkmen", "Türkmençe"),
    "tr": ("Turkish", "Türkçe"),
    "tt": ("Tatar", "Татарча"),
    "ug": ("Uyghur", "ئۇيغۇرچە"),
    "uk": ("Ukrainian", "Українська"),
    "ur": ("Urdu", "اردو"),
    "uz": ("Uzbek", "oʻzbek tili"),
    "vi": ("Vietnamese", "Tiếng Việt"),
    "zh": ("Chinese", "中文"),
}

# When the catalogue was written: Luzmo's locale rows carry created_at / updated_at.
CATALOGUE_WRITTEN_AT = datetime(2026, 12, 3, tzinfo=UTC)

# For model and admin choices, sorted by code.
LOCALE_CHOICES: list[tuple[str, str]] = [(code, name) for code, (name, _own) in LOCALES.items()]


def is_locale(code: object) -> bool:
    """Whether ``code`` is one of the catalogue's locales (exactly, lowercase)."""
    return isinstance(code, str) and code in LOCALES


def locale_description(code: str) -> str:
    """The English description of a catalogue locale (the code itself if unknown)."""
    return LOCALES[code][0] if code in LOCALES else code


def ui_language(code: str | None) -> str:
    """The UI language to render for a stored locale: itself when the UI speaks it, else
    the site's default (English)."""
    if code and code in dict(settings.LANGUAGES):
        return code
    return settings.LANGUAGE_CODE


def language_choices(current: str | None = "") -> list[tuple[str, str]]:
    """The languages a form offers: the UI's translated ones, and the locale already stored
    when it is another catalogue locale (set through the Core API), so that saving the form
    for another change keeps it rather than replacing it."""
    choices = list(settings.LANGUAGES)
    if current and current not in dict(choices) and is_locale(current):
        choices.append((current, locale_description(current)))
    return choices
