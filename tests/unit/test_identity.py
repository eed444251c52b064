"""Which connections are the machine's own browser (no identity provider configured)."""

from __future__ import annotations

import pytest

from components.identity import is_loopback


@pytest.mark.parametrize("address", [None, "127.0.0.1", "127.0.0.2", "::1", "::ffff:127.0.0.1"])
def test_the_machine_itself(address):
    assert is_loopback(address)


@pytest.mark.parametrize(
    "address", ["192.168.1.20", "10.0.0.5", "::ffff:192.168.1.20", "2001:db8::1", "203.0.113.9", "", "localhost", 42]
)
def test_any_other_device(address):
    assert not is_loopback(address)
