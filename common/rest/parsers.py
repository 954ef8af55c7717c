"""The REST API's JSON parser: DRF's, with every value within common.bounds.

DRF's parser turns malformed JSON into a 400 but lets a body nested too deep raise
RecursionError (a 500), and passes on integers beyond what the databases take. Here they are
a 400 naming the field at fault. Characters are left to the fields: DRF's CharField refuses
NUL and unpaired surrogates, the services what their JSON values may hold.
"""

import json

from rest_framework import exceptions, parsers

from common.bounds import OutOfBounds, check_bounds, refuse_constant, too_deep


class BoundedJSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        parser_context = parser_context or {}
        encoding = parser_context.get("encoding", "utf-8")
        try:
            data = json.loads(stream.read().decode(encoding), parse_constant=refuse_constant)
            check_bounds(data, characters=False)
        except RecursionError as error:
            raise exceptions.ParseError(too_deep().message) from error
        except OutOfBounds as fault:
            if not fault.place:
                raise exceptions.ParseError(fault.message) from fault
            raise exceptions.ValidationError({fault.place: [fault.message]}) from fault
        except ValueError as error:
            raise exceptions.ParseError(f"JSON parse error - {error}") from error
        return data
