"""docs/openapi.yaml describes the API: Schemathesis finds no 5xx and no answer outside it.

Generated requests are aimed at a real site half of the time (its key, its
origin), so the checks reach the code behind the 404 for unknown sites.
Bounded: a few dozen examples per operation. Runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from config import BASE_DIR
from models import ChallengeStore, db
from tests.api_helpers import ORIGIN
from tests.support import FAST_LOOP

SCHEMA_PATH = BASE_DIR / "docs" / "openapi.yaml"
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance, response_headers_conformance]
# Examples per operation: 25, or 10 in the edit-run loop (`make test-fast`), which gives every
# property test fewer examples; `make test` tries all 25.
EXAMPLES = 10 if FAST_LOOP else 25
# Speaking a challenge takes a few hundred milliseconds; fewer examples there.
FEWER = {"GET /api/v1/captcha/{id}.wav": 4 if FAST_LOOP else 6}


def operations():
    schema = schemathesis.openapi.from_path(SCHEMA_PATH)
    return [result.ok() for result in schema.get_all_operations()]


@pytest.mark.parametrize("operation", operations(), ids=lambda op: op.label)
def test_every_answer_matches_the_openapi_description(app, site, operation):
    site_key, challenge_id = site.key, ChallengeStore().create(site.id).id
    db.session.remove()  # the app's requests use sessions of their own

    @settings(max_examples=FEWER.get(operation.label, EXAMPLES), deadline=None, derandomize=True,
              database=None, suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy(), aim_at_site=st.booleans())
    def check(case, aim_at_site):
        if aim_at_site:
            if case.query is not None and "site" in case.query:
                case.query["site"] = site_key
            if isinstance(case.body, dict) and "site" in case.body:
                case.body["site"] = site_key
            if case.headers is not None and "Origin" in case.headers:
                case.headers["Origin"] = ORIGIN
            if case.path_parameters and "id" in case.path_parameters:
                case.path_parameters["id"] = challenge_id
        case.call_and_validate(checks=CHECKS, app=app)

    check()
