"""Compiled templates shared by every app the tests build (each test builds its own app, and
each app's Jinja environment would otherwise parse and compile every template again).

Jinja keys each entry by the template's name and a checksum of its source, so an edited
template is compiled afresh. Every test app has the same environment options (set by
consult/templating.py), which is what makes sharing the compiled code sound."""

from flask import Flask
from jinja2 import BytecodeCache
from jinja2.bccache import Bucket


class MemoryBytecodeCache(BytecodeCache):
    def __init__(self):
        self._compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        found = self._compiled.get(bucket.key)
        if found is not None:
            bucket.bytecode_from_string(found)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._compiled[bucket.key] = bucket.bytecode_to_string()


def share_across_apps() -> None:
    Flask.jinja_options = {**Flask.jinja_options, "bytecode_cache": MemoryBytecodeCache()}
