"""`python -m qa_app search "PHRASE" [--fuzzy] [--speaker agent] [--json]` and
`python -m qa_app search --reindex`: the search index from the command line.

Kept apart from qa_app/cli.py so that it moves into the qa_app/cli/ package as it is.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from qa_app.analytics.filters import FilterError, SearchFilters
from qa_app.analytics.query import QueryError
from qa_app.config import get_settings
from qa_app.db import migrate
from qa_app.db.session import get_engine, session_scope
from qa_app.services.requester import COMMAND_LINE
from qa_app.services.search import DEFAULT_LIMIT, SearchHit, search_transcripts
from qa_app.services.search_index import reindex


def _hit_record(hit: SearchHit) -> dict[str, Any]:
    return {"interaction_id": hit.interaction_id, "source_id": hit.source_id,
            "speaker": hit.speaker, "start": round(hit.start_second, 2), "text": hit.text,
            "agent": hit.agent_name, "started_at": hit.started_at.isoformat()}


def cmd_search(args: argparse.Namespace) -> int:
    engine = get_engine()
    migrate.ensure_current(engine)
    if args.reindex:
        interactions, turns = reindex(engine)
        print(f"search index rebuilt: {interactions:,} transcripts and chat threads, "
              f"{turns:,} turns")
        return 0
    if not args.phrase:
        print("error: give the words to search, or --reindex", file=sys.stderr)
        return 2
    literal = args.words or '"' in args.phrase
    query = args.phrase if literal else f'"{args.phrase}"'
    try:
        filters = SearchFilters(speaker=args.speaker)
        with session_scope(engine) as session:
            result = search_transcripts(session, COMMAND_LINE, query, filters,
                                        fuzzy=args.fuzzy, limit=args.limit)
    except (QueryError, FilterError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps({"hits": [_hit_record(hit) for hit in result.hits],
                          "more": result.more}, ensure_ascii=False, indent=2))
        return 0
    tz = get_settings().tz
    for hit in result.hits:
        print(f"{hit.interaction_id}\t{hit.speaker or '-'}\t{hit.start_second:.1f}\t"
              f"{hit.text}\t({hit.source_id}, {hit.agent_name}, "
              f"{hit.started_at.astimezone(tz):%Y-%m-%d %H:%M})")
    more = " (more matched: narrow the search or raise --limit)" if result.more else ""
    print(f"{len(result.hits)} turns{more}", file=sys.stderr)
    return 0


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    search = commands.add_parser(
        "search", help="search every transcript and chat thread (masked text)",
        description="PHRASE is searched as a phrase (its words next to each other, in "
                    "order); with --words, or with double quotes inside it "
                    "('\"kode otp\" nasabah'), its words may stand anywhere in the turn.")
    search.add_argument("phrase", nargs="?", metavar="PHRASE", help="what to search")
    search.add_argument("--words", action="store_true",
                        help="match the words anywhere in one turn, not as a phrase")
    search.add_argument("--fuzzy", action="store_true",
                        help="also match near spellings (speech recognition errors)")
    search.add_argument("--speaker", choices=["agent", "customer"])
    search.add_argument("--limit", type=int, default=DEFAULT_LIMIT)
    search.add_argument("--json", action="store_true", help="print the hits as JSON")
    search.add_argument("--reindex", action="store_true",
                        help="rebuild the index from every stored transcript and chat thread")
    search.set_defaults(run=cmd_search)
