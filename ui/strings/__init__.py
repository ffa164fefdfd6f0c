"""The one string catalog, kept in a module per screen so each stays readable; merged here."""
import importlib
import pkgutil


def load_catalog() -> dict[str, tuple[str, str]]:
    catalog: dict[str, tuple[str, str]] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        clash = set(catalog) & set(module.STRINGS)
        if clash:
            raise KeyError(f"string keys defined twice: {sorted(clash)}")
        catalog.update(module.STRINGS)
    return catalog
