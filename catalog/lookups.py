"""Finding a catalog product by the name someone used for it ("Botox" for Botox Cosmetic).

A previous treatment is often recorded as the patient named it. When that name is a product's name or one of its
aliases, written with any case, accents or punctuation, it is that product: linked, its toxin units count towards
the product's limits and it is not read as a switch of brand. Anything else is not guessed at.
"""

import unicodedata

from catalog.models import Product

# The same folding as patient search (patients.models.fold_text), written here because catalog may not import patients:
# apostrophes vanish, hyphens and dots split words, accents and case do not count.
_PUNCTUATION = str.maketrans({"'": "", "\u2019": "", "\u2018": "", "`": "", "-": " ", ".": " "})


def fold_name(value: str) -> str:
    """The form of a name that matching compares: "  Juvéderm Voluma-XC " -> "juvederm voluma xc"."""
    decomposed = unicodedata.normalize("NFKD", value or "")
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().translate(_PUNCTUATION).split())


def product_for_name(name: str) -> Product | None:
    """The product, active or retired, whose name or one of whose aliases is `name` once both are folded.

    A product's own name wins over another product's alias; a name that fits more than one product at the same
    level is ambiguous and gives None, as does any name that is not an exact folded match. One query.
    """
    wanted = fold_name(name)
    if not wanted:
        return None
    return products_by_name(Product.objects.all()).get(wanted)


def products_by_name(products) -> dict[str, Product]:
    """Every unambiguous folded name and alias of `products`, mapped to its product (the rules of product_for_name),
    for matching many typed names against one read of the catalog."""
    by_name: dict[str, list[Product]] = {}
    by_alias: dict[str, list[Product]] = {}
    for product in products:
        by_name.setdefault(fold_name(product.name), []).append(product)
        for alias in product.alias_list:
            by_alias.setdefault(fold_name(alias), []).append(product)
    found = {name: matches[0] for name, matches in by_alias.items() if len(matches) == 1}
    for name, matches in by_alias.items():
        if len(matches) > 1:
            found.pop(name, None)
    for name, matches in by_name.items():
        if len(matches) == 1:
            found[name] = matches[0]
        else:
            found.pop(name, None)
    return found


def product_label(product: Product) -> str:
    """How a product is offered in a list: its name, then its other names ("Botox Cosmetic (Botox)")."""
    aliases = product.alias_list
    return f"{product.name} ({', '.join(aliases)})" if aliases else product.name


def name_suggestions(products) -> list[tuple[str, str]]:
    """(name to type, product it links to) for every name and alias of `products`, for a datalist."""
    suggestions = []
    for product in products:
        suggestions.append((product.name, product.name))
        suggestions.extend((alias, product.name) for alias in product.alias_list)
    return suggestions
