"""A script for the fake Ideogram that refuses the POSTs of chosen cells, whatever order the
cells of a sweep arrive in (they run several at once)."""

from __future__ import annotations

from tests.support.fake_ideogram import Act, FakeIdeogram


class RefuseWhere(list):
    """`fake.script = RefuseWhere(fake, prompt="a hat", seed="1")`: a POST whose fields are
    all these is answered 422; every other POST gets the fake's default answer. The fake pops
    its script right after recording the POST, so the last post is the one being answered."""

    def __init__(self, fake: FakeIdeogram, **fields: str) -> None:
        super().__init__()
        self.fake, self.fields = fake, fields

    def __bool__(self) -> bool:
        return True

    def pop(self, index: int = -1) -> Act:  # noqa: ARG002 - the fake's call: pop(0)
        received = self.fake.posts[-1].fields
        if all(received.get(name) == value for name, value in self.fields.items()):
            return Act(status=422, body={"error": "Prompt rejected for this cell"})
        return self.fake.default
