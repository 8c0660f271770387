"""Rules never import adapters: the direction the layout promises, checked on the import graph.

A *rule* module (models, services, queries, the calendar builder, the outbox,
delivery...) decides; an *adapter* (views, forms, serializers, admin, URLs,
Celery tasks, management commands, template tags, the API) parses input, calls
one rule and renders its answer. Adapters may import rules and each other;
a rule that imports an adapter, even through another module, would let a
page's or a task's concerns leak into every caller of the rule. The graph is
read from the source by grimp, imports inside functions included.
"""

from __future__ import annotations

import grimp
import pytest

PACKAGES = ("accounts", "venues", "events", "notifications")
# A module is an adapter when any part of its dotted name is one of these.
ADAPTER_PARTS = frozenset(
    {
        "admin",
        "admin_actions",
        "admin_forms",
        "api",
        "forms",
        "management",
        "serializers",
        "tasks",
        "templatetags",
        "urls",
        "views",
    }
)


def is_adapter(module: str) -> bool:
    return not ADAPTER_PARTS.isdisjoint(module.split(".")[1:])


def rule_modules(graph: grimp.ImportGraph, packages=PACKAGES) -> set[str]:
    return {
        module
        for module in graph.modules
        if module.split(".")[0] in packages
        and not is_adapter(module)
        and ".migrations" not in module
    }


def adapter_imports(graph: grimp.ImportGraph, packages=PACKAGES) -> list[tuple[str, ...]]:
    """Every rule module that reaches an adapter, each with its shortest import chain."""
    chains = []
    for rule in sorted(rule_modules(graph, packages)):
        for adapter in sorted(filter(is_adapter, graph.find_upstream_modules(rule))):
            chains.append(graph.find_shortest_chain(importer=rule, imported=adapter))
    return chains


@pytest.fixture(scope="module")
def project_graph() -> grimp.ImportGraph:
    return grimp.build_graph(*PACKAGES, "scheduler")


def test_no_rule_module_imports_an_adapter(project_graph):
    chains = adapter_imports(project_graph)

    assert chains == [], "rules importing adapters:\n" + "\n".join(" -> ".join(c) for c in chains)


def test_the_rule_modules_are_the_ones_that_decide(project_graph):
    """The classification is not vacuous: the services are rules, their callers adapters."""
    rules = rule_modules(project_graph)

    assert {
        "events.models",
        "events.queries",
        "events.planning.conflicts",
        "events.planning.services",
        "events.meetings.services",
        "events.registrations.services",
        "events.registrations.retention",
        "events.calendar.build",
        "events.calendar.tokens",
        "notifications.outbox",
        "notifications.delivery",
        "venues.services",
    } <= rules
    assert {
        "events.planning.views",
        "events.calendar.views",
        "events.registrations.forms",
        "events.meetings.admin",
        "events.api.serializers.planning",
        "notifications.tasks",
    }.isdisjoint(rules)


def test_an_indirect_import_of_an_adapter_is_caught():
    graph = grimp.ImportGraph()
    for module in ("shop", "shop.services", "shop.pricing", "shop.views", "shop.tasks"):
        graph.add_module(module)
    graph.add_import(importer="shop.views", imported="shop.services")
    graph.add_import(importer="shop.services", imported="shop.pricing")
    graph.add_import(importer="shop.pricing", imported="shop.tasks")

    assert adapter_imports(graph, packages=("shop",)) == [
        ("shop.pricing", "shop.tasks"),
        ("shop.services", "shop.pricing", "shop.tasks"),
    ]
