"""Readers for function-calling (tool-use) data and for requests that need no tool.

Every reader returns rows ``{"id", "text", "functions", "source"}``:

* ``text``: the first user turn of the conversation;
* ``functions``: the definitions (``{"name", "description", "parameters"}``) of the functions the
  ground truth calls for that turn, one entry per call, in call order (a function called twice appears
  twice); ``[]`` when the ground truth calls nothing;
* ``source``: where the row comes from (``bfcl/<category>``, ``toolalpaca``, ``glaive``, ``mt_bench`` ...).

Readers: BFCL v4 single-turn (:func:`read_bfcl`) and multi-turn first turns (:func:`read_bfcl_multi_turn`),
ToolAlpaca (:func:`read_toolalpaca`), Glaive (:func:`read_glaive`), and the plain-chat sources
(MT-Bench/Vicuna-Bench, Self-Instruct, Arena-Hard). A request whose ground truth calls nothing *although
it needs a tool* (BFCL irrelevance, a multi-turn first turn that must first ask for a missing function or
parameter) is marked by its ``source`` so that the task excludes it instead of reading ``[]`` as "no tool".

Which label a row gets is decided by the intent task (:mod:`routerkit.tasks.intent`), not here: the
plain-chat readers return every non-empty row, also those that ask for a tool; the intent task leaves
those out of ``no_function_needed`` (:func:`asks_for_tool`), other tasks (jailbreak's benign rows) keep them.
"""

from __future__ import annotations

import ast
import hashlib
import json
import logging
import re
from pathlib import Path
from typing import Any

from routerkit.data.io import iter_jsonl, require_field
from routerkit.data.readers import load_hub_records, looks_like_hub_id, read_path_records
from routerkit.data.splits import normalize_text
from routerkit.errors import DataError

logger = logging.getLogger(__name__)

# ----------------------------------------------------------------------------------------------- BFCL

#: BFCL v4 single-turn categories whose ground truth (``possible_answer/``) names the called functions.
BFCL_CALL_CATEGORIES = (
    "simple_python", "simple_java", "simple_javascript", "multiple", "parallel", "parallel_multiple",
    "live_simple", "live_multiple", "live_parallel", "live_parallel_multiple",
)
#: BFCL v4 categories whose ground truth is "no call": none of the *offered* functions fits the request.
#: (``unused_datasets/.../BFCL_v4_chatable.json`` is not read: its "plain chat" questions are the
#: simple_python questions with the functions removed, i.e. requests that do need a tool.)
BFCL_IRRELEVANCE_CATEGORIES = ("irrelevance", "live_irrelevance")


def _read_json_lines(path: Path) -> list[tuple[str, dict[str, Any]]]:
    """``(where, record)`` pairs of a JSON Lines file (BFCL's ``*.json`` files are JSON Lines)."""
    if not path.is_file():
        raise DataError(f"{path}: file not found")
    return [(f"{path}:{number}", record) for number, record in iter_jsonl(path)]


def first_user_turn(messages: Any, where: str) -> str:
    """Content of the first ``user`` message of a list of ``{"role", "content"}`` messages."""
    if not isinstance(messages, list):
        raise DataError(f"{where}: expected a list of messages, got {type(messages).__name__}")
    for message in messages:
        if not isinstance(message, dict):
            raise DataError(f"{where}: expected message objects, got {type(message).__name__}")
        if message.get("role") == "user":
            content = message.get("content")
            if not isinstance(content, str):
                raise DataError(f"{where}: the first user message has no text content")
            return content
    raise DataError(f"{where}: no user message in the first turn")


def _function_definitions(record: dict, where: str) -> dict[str, dict]:
    functions = record.get("function") or []
    if not isinstance(functions, list):
        raise DataError(f"{where}: field 'function' must be a list of function definitions")
    definitions: dict[str, dict] = {}
    for function in functions:
        if not isinstance(function, dict) or not isinstance(function.get("name"), str):
            raise DataError(f"{where}: every entry of 'function' needs a string 'name'")
        definitions.setdefault(function["name"], function)
    return definitions


def _called_names(answer: dict, where: str) -> list[str]:
    ground_truth = require_field(answer, "ground_truth", where)
    if not isinstance(ground_truth, list):
        raise DataError(f"{where}: field 'ground_truth' must be a list of calls")
    names = []
    for call in ground_truth:
        if not isinstance(call, dict) or len(call) != 1:
            raise DataError(f"{where}: each ground-truth call must be an object with one function name as key")
        names.append(next(iter(call)))
    return names


def _summary(function: dict) -> dict:
    return {
        "name": function["name"],
        "description": str(function.get("description") or ""),
        "parameters": function.get("parameters") if isinstance(function.get("parameters"), dict) else {},
    }


def read_bfcl(data_dir: str | Path, categories: tuple[str, ...] | None = None) -> list[dict[str, Any]]:
    """BFCL v4 single-turn rows from ``data_dir`` (the ``bfcl/data`` folder of the shared data).

    Question files ``BFCL_v4_<category>.json`` hold ``{"id", "question": [[messages...]], "function":
    [definitions]}``; ``possible_answer/BFCL_v4_<category>.json`` holds ``{"id", "ground_truth":
    [{"<name>": {args}}, ...]}``. Each called name is looked up among the row's own definitions. Rows of
    the irrelevance categories have no answer file and get ``functions == []`` (source
    ``bfcl/irrelevance`` or ``bfcl/live_irrelevance``): the ground truth is "call none of the offered
    functions", which says nothing about whether the request needs some other tool.
    """
    root = Path(data_dir)
    if not root.is_dir():
        raise DataError(f"{root}: BFCL data directory not found (expected the bfcl/data folder)")
    categories = categories or BFCL_CALL_CATEGORIES + BFCL_IRRELEVANCE_CATEGORIES
    rows: list[dict[str, Any]] = []
    for category in categories:
        question_file = root / f"BFCL_v4_{category}.json"
        questions = _read_json_lines(question_file)
        answers: dict[str, tuple[str, dict]] = {}
        if category not in BFCL_IRRELEVANCE_CATEGORIES:
            for where, answer in _read_json_lines(root / "possible_answer" / question_file.name):
                answers[str(require_field(answer, "id", where))] = (where, answer)
        for where, record in questions:
            row_id = str(require_field(record, "id", where))
            turns = require_field(record, "question", where)
            if not isinstance(turns, list) or not turns:
                raise DataError(f"{where}: field 'question' must be a non-empty list of turns")
            text = first_user_turn(turns[0], where)
            definitions = _function_definitions(record, where)
            functions: list[dict] = []
            if category not in BFCL_IRRELEVANCE_CATEGORIES:
                if row_id not in answers:
                    raise DataError(f"{where}: row {row_id!r} has no ground truth in {root / 'possible_answer' / question_file.name}")
                answer_where, answer = answers[row_id]
                for name in _called_names(answer, answer_where):
                    if name not in definitions:
                        raise DataError(f"{answer_where}: ground truth calls {name!r}, which row {row_id!r} does not define")
                    functions.append(_summary(definitions[name]))
            rows.append({"id": row_id, "text": text, "functions": functions, "source": f"bfcl/{category}"})
    logger.info("read %d BFCL rows from %s", len(rows), root)
    return rows


#: BFCL v4 multi-turn categories. ``long_context``, ``miss_func`` and ``miss_param`` are perturbations of
#: the ``base`` conversations, row for row: ``multi_turn_<variant>_<n>`` is conversation ``n`` (same
#: ``involved_classes``; the same first turn in most rows, a typo or a parameter removed in the others).
BFCL_MULTI_TURN_CATEGORIES = ("multi_turn_base", "multi_turn_long_context", "multi_turn_miss_func", "multi_turn_miss_param")
#: ``involved_classes`` entry -> its function docs in ``multi_turn_func_doc/`` (as in BFCL's own code).
BFCL_MULTI_TURN_FUNC_DOCS = {
    "GorillaFileSystem": "gorilla_file_system.json",
    "MathAPI": "math_api.json",
    "MessageAPI": "message_api.json",
    "TwitterAPI": "posting_api.json",
    "TicketAPI": "ticket_api.json",
    "TradingBot": "trading_bot.json",
    "TravelAPI": "travel_booking.json",
    "VehicleControlAPI": "vehicle_control.json",
    "WebSearchAPI": "web_search.json",
}
#: Source of multi-turn rows whose first turn the ground truth answers with no call (a function or a
#: parameter is missing, the model should ask): like irrelevance, that says nothing about the request.
BFCL_MULTI_TURN_NO_CALL = "bfcl/multi_turn_no_call"
_MULTI_TURN_PREAMBLE = "Tool description:"


def _multi_turn_docs(doc_dir: Path, involved: Any, where: str, cache: dict[str, dict[str, dict]]) -> dict[str, dict]:
    """Name -> definition over a row's involved classes; descriptions lose their class preamble."""
    if not isinstance(involved, list) or not all(isinstance(c, str) for c in involved):
        raise DataError(f"{where}: field 'involved_classes' must be a list of class names")
    definitions: dict[str, dict] = {}
    for cls in involved:
        if cls not in BFCL_MULTI_TURN_FUNC_DOCS:
            raise DataError(f"{where}: unknown involved class {cls!r} (known: {', '.join(BFCL_MULTI_TURN_FUNC_DOCS)})")
        if cls not in cache:
            cache[cls] = {}
            for doc_where, function in _read_json_lines(doc_dir / BFCL_MULTI_TURN_FUNC_DOCS[cls]):
                if not isinstance(function.get("name"), str):
                    raise DataError(f"{doc_where}: a function doc needs a string 'name'")
                description = str(function.get("description") or "")
                # "This tool belongs to the Message API, which ... Tool description: Send a message to a user."
                if _MULTI_TURN_PREAMBLE in description:
                    description = description.split(_MULTI_TURN_PREAMBLE, 1)[1].strip()
                cache[cls][function["name"]] = dict(function, description=description)
        for name, function in cache[cls].items():
            definitions.setdefault(name, function)
    return definitions


def parse_call_name(call: Any, where: str) -> str:
    """The function name of a BFCL multi-turn ground-truth call string (``"cd(folder='document')"``)."""
    try:
        node = ast.parse(str(call).strip(), mode="eval").body if isinstance(call, str) else None
    except SyntaxError:
        node = None
    if not isinstance(node, ast.Call):
        raise DataError(f"{where}: ground-truth entry {call!r} is not a function call")
    parts, func = [], node.func
    while isinstance(func, ast.Attribute):
        parts.append(func.attr)
        func = func.value
    if not isinstance(func, ast.Name):
        raise DataError(f"{where}: ground-truth entry {call!r} does not call a named function")
    return ".".join([func.id, *reversed(parts)])


def read_bfcl_multi_turn(data_dir: str | Path, categories: tuple[str, ...] = BFCL_MULTI_TURN_CATEGORIES) -> list[dict[str, Any]]:
    """BFCL v4 multi-turn rows: the first user turn of each conversation and what the ground truth calls for it.

    ``BFCL_v4_multi_turn_<x>.json`` (JSON Lines) holds ``{"id", "question": [[messages of turn 1], ...],
    "involved_classes", ...}``; ``possible_answer/`` the ground truth per turn as call strings
    (``[["cd(folder='document')", "mkdir(dir_name='temp')"], ...]``). Each called name of the first turn
    is looked up in the ``multi_turn_func_doc/`` docs of the row's involved classes; their descriptions
    are used without the class preamble ("This tool belongs to the Message API, which ... Tool
    description: ``<the function's own description>``"), which describes the class, not the function.

    The variants share most first turns with ``base``. Rows are de-duplicated on normalised text here,
    the first one read winning (``base`` first, so the base conversation's ground truth wins); the
    split key of every variant is its base conversation (see ``routerkit.tasks.intent``). A first turn
    the ground truth answers with no call (in ``miss_func`` / ``miss_param``) gets ``functions == []``
    and source :data:`BFCL_MULTI_TURN_NO_CALL`; the others ``bfcl/<category>``.
    """
    root = Path(data_dir)
    if not root.is_dir():
        raise DataError(f"{root}: BFCL data directory not found (expected the bfcl/data folder)")
    cache: dict[str, dict[str, dict]] = {}
    rows: list[dict[str, Any]] = []
    seen: set[str] = set()
    duplicates = 0
    for category in categories:
        question_file = root / f"BFCL_v4_{category}.json"
        answers = {str(require_field(a, "id", w)): (w, a) for w, a in _read_json_lines(root / "possible_answer" / question_file.name)}
        for where, record in _read_json_lines(question_file):
            row_id = str(require_field(record, "id", where))
            turns = require_field(record, "question", where)
            if not isinstance(turns, list) or not turns:
                raise DataError(f"{where}: field 'question' must be a non-empty list of turns")
            text = first_user_turn(turns[0], where)
            if row_id not in answers:
                raise DataError(f"{where}: row {row_id!r} has no ground truth in {root / 'possible_answer' / question_file.name}")
            answer_where, answer = answers[row_id]
            ground_truth = require_field(answer, "ground_truth", answer_where)
            if not isinstance(ground_truth, list) or not ground_truth or not isinstance(ground_truth[0], list):
                raise DataError(f"{answer_where}: field 'ground_truth' must be a non-empty list of turns (lists of calls)")
            definitions = _multi_turn_docs(root / "multi_turn_func_doc", require_field(record, "involved_classes", where), where, cache)
            functions = []
            for call in ground_truth[0]:
                name = parse_call_name(call, answer_where)
                if name not in definitions:
                    raise DataError(f"{answer_where}: ground truth calls {name!r}, which the function docs of row {row_id!r} do not define")
                functions.append(_summary(definitions[name]))
            key = normalize_text(text)
            if key in seen:
                duplicates += 1
                continue
            seen.add(key)
            source = f"bfcl/{category}" if functions else BFCL_MULTI_TURN_NO_CALL
            rows.append({"id": row_id, "text": text, "functions": functions, "source": source})
    logger.info("read %d BFCL multi-turn first turns from %s (%d repeated first turns dropped)", len(rows), root, duplicates)
    return rows


# ------------------------------------------------------------------------------------------ ToolAlpaca

#: ToolAlpaca's pseudo-action for asking the user a question (``{"Question": "Can you tell me ...?"}``).
TOOLALPACA_ASK_USER = "getDetails"
_TOOLALPACA_OPTIONAL = "[Optional]"
#: Source of ToolAlpaca instructions whose golden answer calls no API function (none in the 2023 files).
TOOLALPACA_NO_CALL = "toolalpaca/no_call"


def _toolalpaca_function(name: str, text: Any, where: str) -> dict:
    """``{"name", "description", "parameters"}`` from a ``Function_Description`` entry:
    ``"<description>\\nParameters: {"name": "Required. string. ..."}\\nOutput: ..."``."""
    if not isinstance(text, str):
        raise DataError(f"{where}: Function_Description[{name!r}] must be a string")
    description, _, rest = text.partition("\nParameters:")
    properties: dict[str, Any] = {}
    if rest:
        try:
            value, _ = json.JSONDecoder().raw_decode(rest.strip())
        except json.JSONDecodeError as exc:
            raise DataError(f"{where}: Function_Description[{name!r}]: invalid Parameters JSON ({exc.msg})") from None
        if isinstance(value, dict):
            properties = {str(k): {"description": str(v)} for k, v in value.items()}
    return {"name": name, "description": description.strip(), "parameters": {"type": "object", "properties": properties}}


def read_toolalpaca(source: str | Path) -> list[dict[str, Any]]:
    """ToolAlpaca (Tang et al. 2023) instructions with the API functions their golden answer calls.

    ``source``: the ``toolalpaca`` folder (every ``*.json`` file) or one file: a JSON list of APIs
    ``{"Name", "Function_Description": {name: "<description>\\nParameters: {...}\\nOutput: ..."},
    "Instructions": [text, ...], "Golden_Answers": [[{"Action", "Action_Input"}, ...], ...]}``.

    * ``functions``: the golden answer's actions in order, defined by ``Function_Description``; the
      ask-the-user pseudo-action ``getDetails`` and steps marked ``[Optional]`` are not calls the
      instruction needs and are skipped; an action the API does not describe (a few AviationAPI
      endpoints) keeps its name alone (logged), the taxonomy then reads only the name;
    * APIs without ``Golden_Answers`` (``validation_data.json``: the ``eval_simulated.json``
      instructions again) give no rows;
    * ``text``: the instruction, without the quotes some are wrapped in; ``id``: ``toolalpaca/`` + a hash
      of the normalised text (ToolAlpaca has no ids; equal texts share a key, hence a split);
      repeated texts are dropped; ``source``: ``toolalpaca`` (or :data:`TOOLALPACA_NO_CALL` when no call
      is left).
    """
    path = Path(source)
    files = sorted(path.glob("*.json")) if path.is_dir() else [path]
    if not files or not all(f.is_file() for f in files):
        raise DataError(f"{path}: no ToolAlpaca *.json files found")
    rows: list[dict[str, Any]] = []
    seen: set[str] = set()
    no_answers = undefined = 0
    for file in files:
        for where, api in read_path_records(file):
            instructions = require_field(api, "Instructions", where)
            if not isinstance(instructions, list) or not all(isinstance(i, str) for i in instructions):
                raise DataError(f"{where}: field 'Instructions' must be a list of strings")
            answers = api.get("Golden_Answers")
            if answers is None:
                no_answers += len(instructions)
                continue
            if not isinstance(answers, list) or len(answers) != len(instructions):
                raise DataError(f"{where}: field 'Golden_Answers' must be a list with one answer per instruction")
            described = require_field(api, "Function_Description", where)
            if not isinstance(described, dict):
                raise DataError(f"{where}: field 'Function_Description' must be an object")
            for index, (instruction, answer) in enumerate(zip(instructions, answers), start=1):
                at = f"{where}, instruction {index}"
                if not isinstance(answer, list) or not all(isinstance(s, dict) and isinstance(s.get("Action"), str) for s in answer):
                    raise DataError(f"{at}: a golden answer must be a list of {{'Action', 'Action_Input'}} steps")
                functions = []
                for step in answer:
                    action = step["Action"].strip()
                    if action == TOOLALPACA_ASK_USER or action.startswith(_TOOLALPACA_OPTIONAL):
                        continue
                    if action in described:
                        functions.append(_toolalpaca_function(action, described[action], at))
                    else:
                        undefined += 1
                        logger.debug("%s: action %r is not in Function_Description", at, action)
                        functions.append({"name": action, "description": "", "parameters": {}})
                text = instruction.strip().strip('"').strip()
                key = normalize_text(text)
                if not key or key in seen:
                    continue
                seen.add(key)
                digest = hashlib.sha256(key.encode()).hexdigest()[:16]
                rows.append({"id": f"toolalpaca/{digest}", "text": text, "functions": functions,
                             "source": "toolalpaca" if functions else TOOLALPACA_NO_CALL})
    logger.info("read %d ToolAlpaca rows from %s (%d calls of undescribed actions; %d instructions without "
                "golden answers skipped)", len(rows), source, undefined, no_answers)
    return rows


# --------------------------------------------------------------------------------------------- Glaive

GLAIVE_HUB_ID = "glaiveai/glaive-function-calling-v2"
_GLAIVE_FUNCTIONS_MARKER = re.compile(r"Use them if required\s*-", re.IGNORECASE)
_GLAIVE_TURN = re.compile(r"(USER|ASSISTANT|FUNCTION RESPONSE)\s*:", re.MULTILINE)
_GLAIVE_CALL_NAME = re.compile(r"<functioncall>\s*\{\s*\"name\"\s*:\s*\"([^\"]+)\"")


def parse_glaive_system(system: str, where: str) -> list[dict]:
    """The function definitions of a Glaive ``system`` text (several JSON objects may follow the marker).

    A system text without the marker ("... with no access to external functions") offers none.
    """
    match = _GLAIVE_FUNCTIONS_MARKER.search(system)
    if match is None:
        return []
    decoder = json.JSONDecoder()
    text, position, functions = system, match.end(), []
    while True:
        while position < len(text) and text[position].isspace():
            position += 1
        if position >= len(text):
            break
        try:
            value, position = decoder.raw_decode(text, position)
        except json.JSONDecodeError as exc:
            raise DataError(f"{where}: invalid function JSON in 'system' ({exc.msg} at character {exc.pos})") from None
        for function in value if isinstance(value, list) else [value]:
            if not isinstance(function, dict) or not isinstance(function.get("name"), str):
                raise DataError(f"{where}: every function in 'system' needs a string 'name'")
            functions.append(function)
    if not functions:
        raise DataError(f"{where}: 'system' announces functions but defines none")
    return functions


def _glaive_turns(chat: str) -> list[tuple[str, str, int]]:
    """``(speaker, text, end)`` turns of a Glaive ``chat`` string; ``end``: where the turn ends in ``chat``."""
    marks = list(_GLAIVE_TURN.finditer(chat))
    turns = []
    for i, mark in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(chat)
        turns.append((mark.group(1), chat[mark.end():end].replace("<|endoftext|>", "").strip(), end))
    return turns


def read_glaive(source: str | Path) -> list[dict[str, Any]]:
    """Glaive function-calling v2 rows (``system`` + ``chat``) from a JSON/JSONL file, a folder or the hub.

    The called function is the one named by the first ``<functioncall>`` after the first USER turn
    (its definition is looked up in ``system``); no ``<functioncall>`` means nothing was called.
    ``source`` of a row: ``glaive`` (a function was called), ``glaive/no_functions`` (none offered, none
    called) or ``glaive/irrelevance`` (functions offered, none called). Glaive has no ids: ``id`` is
    ``glaive/`` + a hash of the normalised text, stable whatever file or subset the row is read from
    (and equal texts share a key, hence a split).
    """
    if looks_like_hub_id(str(source)):
        pairs = [(f"{source}[train] row {i}", r) for i, r in enumerate(load_hub_records(str(source), "train"))]
    else:
        pairs = read_path_records(source)
    rows = []
    for where, record in pairs:
        system = require_field(record, "system", where)
        chat = require_field(record, "chat", where)
        if not isinstance(system, str) or not isinstance(chat, str):
            raise DataError(f"{where}: fields 'system' and 'chat' must be strings")
        offered = parse_glaive_system(system, where)
        first_user = next((turn for turn in _glaive_turns(chat) if turn[0] == "USER"), None)
        if first_user is None or not first_user[1]:
            raise DataError(f"{where}: 'chat' has no USER turn with text")
        _, text, end = first_user
        after_first_user = chat[end:]
        functions = []
        if "<functioncall>" in after_first_user:
            call = _GLAIVE_CALL_NAME.search(after_first_user)
            if call is None:
                raise DataError(f"{where}: a <functioncall> without a \"name\" in 'chat'")
            name = call.group(1)
            definition = next((f for f in offered if f["name"] == name), {"name": name})
            if "description" not in definition:
                logger.warning("%s: called function %r is not defined in 'system'", where, name)
            functions.append(_summary(definition))
        kind = "glaive" if functions else "glaive/irrelevance" if offered else "glaive/no_functions"
        digest = hashlib.sha256(normalize_text(text).encode()).hexdigest()[:16]
        rows.append({"id": f"glaive/{digest}", "text": text, "functions": functions, "source": kind})
    logger.info("read %d Glaive rows from %s", len(rows), source)
    return rows


# --------------------------------------------------------------------------------- no-tool requests

#: Requests that plainly ask for something only a tool can do: live data, the web, actions in the world,
#: the user's own files or accounts. Writing *about* these (draft an email, a news headline, a program
#: that reads files) needs no tool and is not matched. The intent task excludes matching rows that call
#: nothing, so its ``no_function_needed`` rows really need none.
_TOOL_REQUEST = re.compile(
    r"https?://|\bwww\."
    r"|\b(what('s| is) the weather|weather (forecast|today|tomorrow|like (in|at|today|tomorrow))|will it (rain|snow))\b"
    r"|\b(current|latest|today'?s|live|real[- ]time|up[- ]to[- ]date)\b.{0,15}\b(prices?|rates?|stock|stocks|weather"
    r"|temperature|news|headlines|scores?|standings|results|exchange|traffic)\b"
    r"|\b(search|browse|look up|google)\b.{0,25}\b(web|internet|online)\b|\bgoogle (it|this|that)\b"
    r"|\b(send|forward)\b.{0,30}\b(e-?mail|message|text|sms)\b(?!.{0,10}\b(that|which|template)\b)"
    r"|\bremind me\b|\bset (an? |my )?(alarm|reminder|timer)\b|\bschedule (a|an|my) (meeting|call|appointment|event)\b"
    r"|\badd\b.{0,30}\bto my (calendar|schedule|to-?do)\b"
    r"|\b(book|reserve|order)\b.{0,20}\b(me|a|an|my)\b.{0,20}\b(table|flight|ticket|room|hotel|taxi|cab|ride|appointment)s?\b"
    r"|\b(open|read|upload|download|delete|save|attach)\b.{0,12}\b(my|the|this|that|attached)\b.{0,12}"
    r"\b(file|files|folder|document|pdf|spreadsheet)\b|\battached (file|document|pdf|image|spreadsheet)\b"
    r"|\b(call|text|phone)\b (my|him|her|them)\b|\bnear me\b|\bmy (inbox|calendar)\b",
    re.IGNORECASE,
)


def asks_for_tool(text: str) -> bool:
    """True when a request plainly needs a tool (see ``_TOOL_REQUEST``); deliberately broad."""
    return bool(_TOOL_REQUEST.search(text))


def _plain_chat_rows(candidates: list[tuple[str, str, str]], what: str) -> list[dict[str, Any]]:
    """Rows (no function called) from ``(id, text, source)``, keeping every one with text."""
    rows = [{"id": row_id, "text": text, "functions": [], "source": source}
            for row_id, text, source in candidates if text.strip()]
    logger.info("read %d %s rows", len(rows), what)
    return rows


def _jsonl_files(source: str | Path, pattern: str) -> list[Path]:
    path = Path(source)
    files = sorted(path.glob(pattern)) if path.is_dir() else [path]
    if not files or not all(f.is_file() for f in files):
        raise DataError(f"{path}: no {pattern} files found")
    return files


def _file_records(file: Path) -> list[tuple[str, dict[str, Any]]]:
    """``(where, record)`` pairs; ``where`` is ``file:line`` for JSON Lines, ``file: record N`` otherwise."""
    return _read_json_lines(file) if file.suffix.lower() == ".jsonl" else read_path_records(file)


def _string(record: dict, field: str, where: str) -> str:
    value = require_field(record, field, where)
    if not isinstance(value, str):
        raise DataError(f"{where}: field {field!r} must be a string, got {type(value).__name__}")
    return value


def read_fastchat_mt_bench(source: str | Path) -> list[dict[str, Any]]:
    """MT-Bench / Vicuna-Bench questions (``question_id``, ``category``, ``turns``): the first turn.

    ``source``: the ``fastchat_mt_bench`` folder (both ``*_question.jsonl`` files) or one file.
    """
    candidates = []
    for file in _jsonl_files(source, "*question.jsonl"):
        bench = file.name.split("_question")[0] if "_question" in file.name else file.stem
        for where, record in _file_records(file):
            turns = require_field(record, "turns", where)
            if not isinstance(turns, list) or not turns or not isinstance(turns[0], str):
                raise DataError(f"{where}: field 'turns' must be a non-empty list of strings")
            qid = require_field(record, "question_id", where)
            candidates.append((f"{bench}/{qid}", turns[0], bench))
    return _plain_chat_rows(candidates, "MT-Bench/Vicuna-Bench")


def read_self_instruct(source: str | Path) -> list[dict[str, Any]]:
    """Self-Instruct seed tasks and user-oriented instructions: instruction + first instance input.

    ``source``: the ``self_instruct`` folder (``seed_tasks.jsonl``, ``user_oriented_instructions.jsonl``)
    or one of those files.
    """
    candidates = []
    for file in _jsonl_files(source, "*.jsonl"):
        for where, record in _file_records(file):
            instruction = _string(record, "instruction", where)
            instances = record.get("instances") or []
            if not isinstance(instances, list) or not all(isinstance(i, dict) for i in instances):
                raise DataError(f"{where}: field 'instances' must be a list of objects")
            given = str(instances[0].get("input") or "").strip() if instances else ""
            text = f"{instruction.strip()}\n\n{given}" if given else instruction.strip()
            task_id = str(require_field(record, "id", where))
            candidates.append((f"self_instruct/{task_id}", text, "self_instruct"))
    return _plain_chat_rows(candidates, "Self-Instruct")


def read_arena_hard(source: str | Path) -> list[dict[str, Any]]:
    """Arena-Hard-Auto prompts (``uid``, ``prompt``) from the ``arena_hard`` folder or one file."""
    candidates = []
    for file in _jsonl_files(source, "*question.jsonl"):
        for where, record in _file_records(file):
            candidates.append((f"arena_hard/{require_field(record, 'uid', where)}", _string(record, "prompt", where), "arena_hard"))
    return _plain_chat_rows(candidates, "Arena-Hard")
