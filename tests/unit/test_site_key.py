"""Site keys are typed after commands, so none may look like an option."""

from __future__ import annotations

from models.site import new_site_key


def test_no_site_key_starts_like_an_option() -> None:
    keys = [new_site_key() for _ in range(2000)]
    assert not [k for k in keys if k[0] in "-_"]
    assert len(set(keys)) == len(keys) and all(len(k) == 16 for k in keys)
