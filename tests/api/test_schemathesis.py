"""Property-based run of schemathesis against the API, in-process through WSGI.

Every operation of the schema is called with the schema's own examples, with
data that fits the schema (positive) and with data that does not (negative),
once anonymously and once as an organiser with a token. Every answer must be
no server error and must match the schema: a documented status code, content
type, headers and body. Bounded by ``SCHEMATHESIS_MAX_EXAMPLES`` per operation,
mode and caller, so the run takes about a minute; the figures are printed at
the end of the pytest run and written to ``var/schemathesis.json``.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from scheduler.wsgi import application
from tests.api.conftest import token_client

MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "12"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
FIGURES: Counter = Counter()
STATUSES: Counter = Counter()
REPORT = Path(__file__).resolve().parents[2] / "var" / "schemathesis.json"


@pytest.fixture
def in_process_wsgi():
    """Keep the test's transaction open across requests, as Django's test client does."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield application
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def run(strategy, *, headers: dict, max_examples: int, phases) -> None:
    @settings(
        max_examples=max_examples,
        deadline=None,
        database=None,
        derandomize=True,
        phases=phases,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def call(case):
        response = case.call(headers=headers)
        FIGURES["cases"] += 1
        STATUSES[response.status_code] += 1
        case.validate_response(response, checks=CHECKS)

    call()


@pytest.mark.slow
@pytest.mark.timeout(30 * 60)  # for the harder runs with SCHEMATHESIS_MAX_EXAMPLES raised
def test_schemathesis_finds_no_server_error_and_no_schema_violation(world, in_process_wsgi):
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", in_process_wsgi)
    organiser_token = token_client(world.organiser_a)._credentials["HTTP_AUTHORIZATION"]
    callers = {"anonymous": {}, "organiser": {"Authorization": organiser_token}}
    generate = [Phase.generate]
    for result in schema.get_all_operations():
        operation = result.ok()
        FIGURES["operations"] += 1
        for headers in callers.values():
            examples = operation.get_strategies_from_examples()
            if examples:
                run(st.one_of(examples), headers=headers, max_examples=len(examples) * 3,
                    phases=generate)  # fmt: skip
            run(operation.as_strategy(), headers=headers, max_examples=MAX_EXAMPLES,
                phases=generate)  # fmt: skip
            try:
                run(operation.as_strategy(generation_mode=schemathesis.GenerationMode.NEGATIVE),
                    headers=headers, max_examples=MAX_EXAMPLES, phases=generate)  # fmt: skip
            except Unsatisfiable:
                # Nothing can be wrong in a request without parameters or body.
                FIGURES["operation_caller_pairs_without_negative_cases"] += 1
    FIGURES["server_errors"] = sum(n for code, n in STATUSES.items() if code >= 500)
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text(json.dumps({**FIGURES, "statuses": dict(sorted(STATUSES.items()))}, indent=2))
    assert FIGURES["operations"] >= 15
    assert FIGURES["cases"] >= FIGURES["operations"] * 2 * MAX_EXAMPLES
    assert FIGURES["server_errors"] == 0
    # The run must reach rows that exist, not only 404s for made-up slugs.
    assert STATUSES[200] > 0
    assert STATUSES[201] > 0


def figures_line() -> str | None:
    if not FIGURES["cases"]:
        return None
    codes = ", ".join(f"{code}: {n}" for code, n in sorted(STATUSES.items()))
    return (
        f"schemathesis: {FIGURES['cases']} cases over {FIGURES['operations']} operations, "
        f"{FIGURES['server_errors']} server errors; statuses {codes}"
    )
