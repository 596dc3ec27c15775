"""Copy each msgid into its msgstr in the source-language (German) catalogue.

German is the language the strings are written in, so its catalogue is complete by
construction; run by `make messages` after `pybabel update`.
"""

import sys

from babel.messages.pofile import read_po, write_po


def fill(path: str) -> int:
    """Fill empty translations in `path` with the source text; return how many."""
    with open(path, "rb") as handle:
        catalog = read_po(handle)
    filled = 0
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            if not all(message.string):
                message.string = tuple(message.id)
                filled += 1
        elif not message.string:
            message.string = message.id
            filled += 1
        message.flags.discard("fuzzy")
    with open(path, "wb") as handle:
        write_po(handle, catalog, width=100)
    return filled


if __name__ == "__main__":
    print(f"filled {fill(sys.argv[1])} German messages")
