"""A scope bumped in autocommit: apart from test_scopes.py, whose tests share sections built inside
a transaction that a transactional test's commit and flush would break."""

from __future__ import annotations

import pytest

from toasoan.cache import fragments


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_outside_a_transaction_a_scope_is_bumped_once(monkeypatch):
    """In autocommit the rows are committed when the signal fires: no second write for nothing."""
    from django.core.cache import caches

    store = caches[fragments.CACHE_ALIAS]
    writes = []
    monkeypatch.setattr(store, "set_many", lambda values, **kwargs: writes.append(values))
    fragments.bump_scopes("children:0001")
    assert len(writes) == 1
