"""What can be followed: the one map from a followable model to its Follow column.

A target is named by its subject type (the model's table name: "proposal",
"municipality", ...). Types whose domain does not exist yet, or whose column
the Follow table does not have yet, are simply not followable.
"""

import importlib
from dataclasses import dataclass

from participation.follows.models import Follow

# subject type -> (module, class). The Follow column is always "<type>_id".
FOLLOWABLE: dict[str, tuple[str, str]] = {
    "proposal": ("participation.proposals.models", "Proposal"),
    "municipality": ("participation.territory.models", "Municipality"),
    "grouping": ("participation.territory.models", "Grouping"),
    "agreement": ("participation.agreements.models", "Agreement"),
    "project": ("participation.projects.models", "Project"),
    "consultation": ("participation.consultations.models", "Consultation"),
    "locality": ("participation.localities.models", "Locality"),
}


@dataclass(frozen=True)
class TargetType:
    name: str
    model: type
    column: object  # the Follow.<name>_id attribute


def target_type(name: str) -> TargetType | None:
    """The followable type called `name`, or None when it is unknown or not built yet."""
    if name not in FOLLOWABLE:
        return None
    column = getattr(Follow, f"{name}_id", None)
    if column is None:
        return None
    module_name, class_name = FOLLOWABLE[name]
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError:
        return None
    model = getattr(module, class_name, None)
    if model is None:
        return None
    return TargetType(name=name, model=model, column=column)


def available_types() -> list[TargetType]:
    """Every followable type that exists in this build, in display order."""
    return [t for t in (target_type(name) for name in FOLLOWABLE) if t is not None]


def subject_type_of(target) -> str:
    """The subject type of a model instance; TypeError for a thing that cannot be followed."""
    name = getattr(type(target), "__tablename__", None)
    if name is None or target_type(name) is None:
        raise TypeError(f"{type(target).__name__} cannot be followed")
    return name


def type_of(target) -> TargetType:
    return target_type(subject_type_of(target))


# Endpoints that show one item of each type, tried in order; the first that
# exists in this build is used. Its one URL argument gets the id (or the code
# or slug when that is what the rule asks for).
DETAIL_ENDPOINTS: dict[str, tuple[str, ...]] = {
    "proposal": ("proposals.detail", "proposals.show", "proposals.view"),
    "municipality": ("territory.municipality", "territory.municipality_detail", "territory.show_municipality"),
    "grouping": ("territory.grouping", "territory.grouping_detail", "territory.show_grouping"),
    "agreement": ("agreements.detail", "agreements.show", "agreements.view"),
    "project": ("projects.detail", "projects.show", "projects.view"),
    "consultation": ("consultations.detail", "consultations.show", "consultations.view"),
    "locality": ("localities.detail",),
}


def url_for_target(subject_type: str, target, **values) -> str | None:
    """The page of one item, or None when its domain has no page yet."""
    from flask import current_app, url_for

    for endpoint in DETAIL_ENDPOINTS.get(subject_type, ()):
        rules = current_app.url_map._rules_by_endpoint.get(endpoint)
        if not rules:
            continue
        arguments = sorted(rules[0].arguments)
        if len(arguments) != 1:
            continue
        name = arguments[0]
        if "code" in name and hasattr(target, "code"):
            value = target.code
        elif "slug" in name and hasattr(target, "slug"):
            value = target.slug
        else:
            value = target.id
        return url_for(endpoint, **{name: value}, **values)
    return None


def title_of(target) -> str:
    """The name people know an item by."""
    for attribute in ("title", "name", "display_name"):
        value = getattr(target, attribute, None)
        if value:
            return str(value)
    return f"#{target.id}"
