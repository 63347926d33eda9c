"""A mark on words the generator keeps in English and a template shows in the site's language
(``{{ _(kind.label) }}``), so that the theme's catalogs are checked to hold them (the tests
extract every marked word, as they extract the templates')."""


def N_(message: str) -> str:  # the name gettext gives this mark, which Babel looks for
    """``message`` as it is."""
    return message
