import hashlib
import json
from collections import Counter
from pathlib import Path

import pytest

from conftest import SHARED_DATA
from routerkit.data.function_calling import (
    BFCL_CALL_CATEGORIES,
    BFCL_IRRELEVANCE_CATEGORIES,
    asks_for_tool,
    parse_call_name,
    read_bfcl,
    read_bfcl_multi_turn,
    read_fastchat_mt_bench,
    read_glaive,
    read_self_instruct,
    read_toolalpaca,
)
from routerkit.data.splits import normalize_text, split_of
from routerkit.errors import DataError
from routerkit.tasks import DataOptions, get_task
from routerkit.tasks.intent import (
    INTENT_LABELS,
    classify_function,
    exclusion_reason,
    explain_function,
    label_calls,
    label_distribution_report,
    label_row,
    split_key,
    tokenize_name,
)
from routerkit.training.rows import load_task_data

BFCL_DIR = SHARED_DATA / "bfcl" / "data"
TOOLALPACA_DIR = SHARED_DATA / "toolalpaca"


def fn(name, description="", **properties):
    """A function definition in the BFCL/OpenAI schema."""
    return {"name": name, "description": description,
            "parameters": {"type": "dict", "properties": {k: {"type": v} for k, v in properties.items()}}}


# ------------------------------------------------------------------------------------------ taxonomy

@pytest.mark.parametrize("function, label", [
    (fn("get_weather", "Get the current weather for a city.", city="string"), "information_retrieval"),
    (fn("weather_forecast", "Retrieve a weather forecast for a location.", location="string", days="integer"), "information_retrieval"),
    (fn("search_web", "Search the web for a query.", query="string"), "information_retrieval"),
    (fn("Restaurants_2_FindRestaurants", "Searches for restaurants by location and cuisine."), "information_retrieval"),
    (fn("send_email", "Send an email to the specified address.", to="string", subject="string", body="string"), "communication"),
    (fn("sendSmsMessage", "Send a text message to a phone number.", phone="string", text="string"), "communication"),
    (fn("transfer_to_human_agent", "Hands the chat over to a human agent.", statement="string"), "communication"),
    (fn("calculate_bmi", "Calculate the Body Mass Index of a person.", weight="float", height="float"), "calculation"),
    (fn("math.gcd", "Greatest common divisor of two numbers.", a="integer", b="integer"), "calculation"),
    (fn("get_prime_factors", "Retrieve the prime factors of a number.", number="integer"), "calculation"),
    (fn("convert_currency", "Converts an amount from one currency to another.", amount="float"), "data_transformation"),
    (fn("translate_text", "Translate text into another language.", text="string", target="string"), "data_transformation"),
    (fn("sort_list", "Sort a list in ascending or descending order.", elements="array"), "data_transformation"),
    (fn("schedule_meeting", "Schedule a meeting with attendees.", title="string", start_time="string"), "scheduling"),
    (fn("Homes_2_ScheduleVisit", "Schedule a visit to a property."), "scheduling"),
    (fn("book_flight", "Book a flight between two cities.", origin="string"), "scheduling"),
    (fn("set_alarm", "Set an alarm for a given time.", alarm_time="string"), "scheduling"),
    (fn("read_file", "Read the contents of a file.", path="string"), "file_operations"),
    (fn("list_directory_contents", "List the files in a directory.", dir_path="string"), "file_operations"),
    (fn("analyze_sentiment", "Analyze the sentiment of a text.", text="string"), "analysis"),
    (fn("predict_stock_price", "Predict the future stock price of a company.", company="string"), "analysis"),
    (fn("stats.t_test", "Perform a two-sample t-test.", a="array", b="array"), "analysis"),
    (fn("generate_chart", "Generates a chart based on the provided datasets.", data="array"), "analysis"),
])
def test_taxonomy_places_real_looking_functions(function, label):
    assert classify_function(function) == label, explain_function(function)


# Real functions, described as the readers give them (BFCL multi-turn docs without their class preamble).
@pytest.mark.parametrize("function, label", [
    # MessageAPI / TwitterAPI: reaching people is communication, reading tweets and messages a look-up
    (fn("send_message", "Send a message to a user.", receiver_id="string", message="string"), "communication"),
    (fn("post_tweet", "Post a tweet for the authenticated user.", content="string"), "communication"),
    (fn("comment", "Comment on a tweet for the authenticated user.", tweet_id="integer"), "communication"),
    (fn("retweet", "Retweet a tweet for the authenticated user.", tweet_id="integer"), "communication"),
    (fn("get_tweet", "Retrieve a specific tweet.", tweet_id="integer"), "information_retrieval"),
    (fn("search_tweets", "Search for tweets containing a specific keyword.", keyword="string"), "information_retrieval"),
    (fn("view_messages_sent", "View all historical messages sent by the current user."), "information_retrieval"),
    # TravelAPI / TradingBot
    (fn("book_flight", "Book a flight given the travel information.", access_token="string"), "scheduling"),
    (fn("get_booking_history", "Retrieve all booking history for the user.", access_token="string"), "information_retrieval"),
    (fn("EventQuery", "Search for calendar events that match a given text query within a user's calendar."), "information_retrieval"),
    (fn("contact_customer_support", "Contact travel booking customer support, get immediate support on an issue with "
        "an online booking.", booking_id="string", message="string"), "communication"),
    (fn("get_stock_info", "Get the details of a stock.", symbol="string"), "information_retrieval"),
    # GorillaFileSystem
    (fn("ls", "List the contents of the current directory.", a="boolean"), "file_operations"),
    (fn("cat", "Display the contents of a file of any extension from currrent directory.", file_name="string"), "file_operations"),
    (fn("mkdir", "Create a new directory in the current directory.", dir_name="string"), "file_operations"),
    (fn("mv", "Move a file or directory from one location to another.", source="string"), "file_operations"),
    (fn("cd", "Change the current working directory to the specified folder.", folder="string"), "file_operations"),
    # MathAPI: arithmetic on given numbers
    (fn("max_value", "Find the maximum value in a list of numbers.", numbers="array"), "calculation"),
    (fn("round_number", "Round a number to a specified number of decimal places.", number="float"), "calculation"),
    (fn("power", "Raise a number to a power.", base="float", exponent="float"), "calculation"),
    # charts that are looked up (BFCL parallel, ToolAlpaca AviationAPI)
    (fn("musicCharts.getMostPlayed", "This function retrieves the current most played song in a particular genre."), "information_retrieval"),
    (fn("charts_get", "Get charts for a specified airport", apt="string"), "information_retrieval"),
])
def test_taxonomy_places_real_multi_turn_and_toolalpaca_functions(function, label):
    assert classify_function(function) == label, explain_function(function)


def test_file_system_find_and_sort_are_placed_by_their_names():
    """Documented choice: a bare ``find`` is a look-up verb, ``sort`` a transformation, as anywhere else."""
    cd = fn("cd", "Change the current working directory to the specified folder.", folder="string")
    find = fn("find", "Find any file or directories under specific path that contain name in its file name.", path="string")
    sort = fn("sort", "Sort the contents of a file line by line.", file_name="string")
    assert classify_function(find) == "information_retrieval" and classify_function(sort) == "data_transformation"
    assert label_calls([cd, find]) == label_calls([cd, sort]) == "file_operations"  # tie: the earliest call


def test_description_and_parameters_decide_when_the_name_does_not():
    assert explain_function(fn("ChaFod", "Calculates the tip for a restaurant bill.")) == ("calculation", "description:calc.verb")
    assert explain_function(fn("Xq7", "This function retrieves the latest exchange rate.")) == ("information_retrieval", "description:lookup.verb")
    assert explain_function(fn("do_it", "", file_path="string", mode="string")) == ("file_operations", "parameters:param.file")


@pytest.mark.parametrize("function", [
    fn("play_song", "Plays the specified song.", artist="string"),
    fn("set_volume", "Set the global playback volume.", level="integer"),
    fn("Payment_1_MakePayment", "Send money to a receiver.", amount="float"),
    fn("frobnicate", "", widget="string"),
    fn("ThinQ_Connect", "Send a command to control an LG ThinQ appliance."),
    fn("set_navigation", "Navigates to the destination.", destination="string"),
    fn("place_order", "Place an order.", order_type="string", symbol="string"),
    fn("lockDoors", "Locks the doors of the vehicle.", unlock="boolean"),
])
def test_unplaceable_functions_return_none(function):
    assert classify_function(function) is None


def test_tokenize_name():
    assert tokenize_name("weather.getForecast_2Days") == ["weather", "get", "forecast", "days"]
    assert tokenize_name("calculate_BMI") == ["calculate", "bmi"]


def test_several_calls_take_the_majority_then_the_earliest():
    weather, convert, mail = fn("get_weather", "x"), fn("convert_currency", "x"), fn("send_email", "x")
    assert label_calls([weather, convert, convert]) == "data_transformation"
    assert label_calls([convert, weather]) == "data_transformation"  # tie: earliest call
    assert label_calls([mail, weather]) == "communication"
    assert label_calls([fn("play_song", "x"), weather]) == "information_retrieval"  # unplaced calls do not vote
    assert label_calls([fn("play_song", "x")]) is None
    assert label_calls([]) == "no_function_needed"


def test_asks_for_tool():
    assert asks_for_tool("What's the weather like in Paris tomorrow?")
    assert asks_for_tool("Please send a message to John saying I'm late")
    assert asks_for_tool("Remind me to water the plants")
    assert asks_for_tool("Summarize https://example.com/post")
    assert not asks_for_tool("Write a persuasive email to my landlord about the rent.")
    assert not asks_for_tool("Develop a Python program that reads all the text files under a directory.")
    assert not asks_for_tool("Explain the basics of quantum computing.")


# --------------------------------------------------------------------------------------------- Glaive

_GLAIVE_WEATHER = {"name": "get_weather", "description": "Get the current weather in a city",
                   "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}
_GLAIVE_MAIL = {"name": "send_email", "description": "Send an email",
                "parameters": {"type": "object", "properties": {"recipient": {"type": "string"}, "subject": {"type": "string"},
                                                                 "message": {"type": "string"}}}}
_PREFIX = "SYSTEM: You are a helpful assistant with access to the following functions. Use them if required -\n"
GLAIVE_ROWS = [
    {   # two JSON objects in system; the call of the second one
        "system": _PREFIX + json.dumps(_GLAIVE_WEATHER, indent=4) + "\n\n" + json.dumps(_GLAIVE_MAIL, indent=4) + "\n",
        "chat": "USER: Please email my boss that I'll be late.\n\n\nASSISTANT: Sure, what is your boss's email?"
                " <|endoftext|>\n\n\nUSER: boss@example.com\n\n\nASSISTANT: <functioncall> {\"name\": \"send_email\", "
                "\"arguments\": '{\"recipient\": \"boss@example.com\", \"subject\": \"Late\", \"message\": \"Running late\"}'}"
                " <|endoftext|>\n\n\nFUNCTION RESPONSE: {\"status\": \"sent\"}\n\n\nASSISTANT: Done. <|endoftext|>\n",
    },
    {   # functions offered, none called: irrelevance, excluded
        "system": _PREFIX + json.dumps(_GLAIVE_WEATHER),
        "chat": "USER: Can you order a pizza for me?\n\n\nASSISTANT: I'm sorry, I can only check the weather. <|endoftext|>\n",
    },
    {   # no functions offered: a plain chat request
        "system": "SYSTEM: You are a helpful assistant, with no access to external functions.",
        "chat": "USER: What is the difference between a virus and a bacterium?\n\n\nASSISTANT: Viruses are ... <|endoftext|>\n",
    },
    {   # no functions offered, but the request needs a tool: excluded
        "system": "SYSTEM: You are a helpful assistant, with no access to external functions.",
        "chat": "USER: What's the weather like in Oslo today?\n\n\nASSISTANT: I can't check that. <|endoftext|>\n",
    },
    {
        "system": _PREFIX + json.dumps(_GLAIVE_WEATHER),
        "chat": "USER: How warm is it in Lima right now?\n\n\nASSISTANT: <functioncall> {\"name\": \"get_weather\", "
                "\"arguments\": '{\"city\": \"Lima\"}'} <|endoftext|>\n\n\nFUNCTION RESPONSE: {\"temp\": 19}\n",
    },
]


def _write_jsonl(path: Path, rows) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


def test_glaive_reader(tmp_path):
    rows = read_glaive(_write_jsonl(tmp_path / "glaive.jsonl", GLAIVE_ROWS))
    assert [r["text"] for r in rows] == [
        "Please email my boss that I'll be late.", "Can you order a pizza for me?",
        "What is the difference between a virus and a bacterium?", "What's the weather like in Oslo today?",
        "How warm is it in Lima right now?",
    ]
    assert [r["source"] for r in rows] == ["glaive", "glaive/irrelevance", "glaive/no_functions", "glaive/no_functions", "glaive"]
    assert rows[0]["functions"] == [{"name": "send_email", "description": "Send an email", "parameters": _GLAIVE_MAIL["parameters"]}]
    assert [f["name"] for f in rows[4]["functions"]] == ["get_weather"]
    assert rows[1]["functions"] == rows[2]["functions"] == []
    assert len({r["id"] for r in rows}) == 5 and all(r["id"].startswith("glaive/") for r in rows)
    # the same file as a JSON list gives the same rows
    (tmp_path / "glaive.json").write_text(json.dumps(GLAIVE_ROWS))
    assert read_glaive(tmp_path / "glaive.json") == rows


def test_glaive_malformed_system_json_names_the_record(tmp_path):
    bad = dict(GLAIVE_ROWS[4], system=_PREFIX + '{"name": "get_weather", "description": "Get the weather",}')
    path = _write_jsonl(tmp_path / "glaive.jsonl", [GLAIVE_ROWS[0], bad])
    with pytest.raises(DataError, match=r"glaive.jsonl: record 2: invalid function JSON in 'system'"):
        read_glaive(path)


def test_glaive_missing_chat_names_the_record(tmp_path):
    path = _write_jsonl(tmp_path / "glaive.jsonl", [{"system": GLAIVE_ROWS[2]["system"]}])
    with pytest.raises(DataError, match=r"record 1: missing field 'chat'"):
        read_glaive(path)


def test_intent_task_on_a_glaive_file(tmp_path):
    path = _write_jsonl(tmp_path / "glaive.jsonl", GLAIVE_ROWS)
    data = get_task("intent").load(DataOptions(dataset=str(path), extra_data=False))
    rows = data.train + data.validation + data.test
    assert sorted((r["text"], r["label"]) for r in rows) == sorted([
        ("Please email my boss that I'll be late.", "communication"),
        ("What is the difference between a virus and a bacterium?", "no_function_needed"),
        ("How warm is it in Lima right now?", "information_retrieval"),
    ])
    assert data.provenance["irrelevance_excluded"] == 1 and data.provenance["asks_for_tool_excluded"] == 1


# ------------------------------------------------------------------------------ BFCL format, no-tool

def _bfcl_dir(tmp_path: Path) -> Path:
    """A tiny BFCL-v4-shaped folder written by the test (JSON Lines despite the .json suffix)."""
    root = tmp_path / "bfcl"
    (root / "possible_answer").mkdir(parents=True)
    question = {"id": "simple_python_0", "question": [[{"role": "system", "content": "Be brief."},
                                                       {"role": "user", "content": "What is 3 times 4?"}]],
                "function": [fn("multiply", "Multiplies two integers.", a="integer", b="integer")]}
    _write_jsonl(root / "BFCL_v4_simple_python.json", [question])
    _write_jsonl(root / "possible_answer" / "BFCL_v4_simple_python.json",
                 [{"id": "simple_python_0", "ground_truth": [{"multiply": {"a": [3], "b": [4]}}]}])
    return root


def test_bfcl_reader_format_and_errors(tmp_path):
    root = _bfcl_dir(tmp_path)
    rows = read_bfcl(root, categories=("simple_python",))
    assert rows == [{"id": "simple_python_0", "text": "What is 3 times 4?", "source": "bfcl/simple_python",
                     "functions": [fn("multiply", "Multiplies two integers.", a="integer", b="integer")]}]
    with (root / "BFCL_v4_simple_python.json").open("a") as handle:
        handle.write('{"id": "simple_python_1", "question": [[{"role": "user"\n')
    with pytest.raises(DataError, match=r"BFCL_v4_simple_python.json:2: invalid JSON"):
        read_bfcl(root, categories=("simple_python",))
    _write_jsonl(root / "possible_answer" / "BFCL_v4_simple_python.json",
                 [{"id": "simple_python_0", "ground_truth": [{"divide": {"a": [3]}}]}])
    (root / "BFCL_v4_simple_python.json").write_text((root / "BFCL_v4_simple_python.json").read_text().splitlines()[0] + "\n")
    with pytest.raises(DataError, match=r"possible_answer/BFCL_v4_simple_python.json:1: ground truth calls 'divide'"):
        read_bfcl(root, categories=("simple_python",))


def test_no_tool_readers_format_and_errors(tmp_path):
    bench = tmp_path / "fastchat_mt_bench"
    bench.mkdir()
    _write_jsonl(bench / "mt_bench_question.jsonl", [
        {"question_id": 81, "category": "writing", "turns": ["Write a haiku about rain.", "Now in French."]},
        {"question_id": 82, "category": "stem", "turns": ["What's the weather in Rome today?", "And tomorrow?"]},
    ])
    rows = read_fastchat_mt_bench(bench)
    # the reader keeps every row (jailbreak's benign rows need the weather question too) ...
    assert rows == [
        {"id": "mt_bench/81", "text": "Write a haiku about rain.", "functions": [], "source": "mt_bench"},
        {"id": "mt_bench/82", "text": "What's the weather in Rome today?", "functions": [], "source": "mt_bench"}]
    # ... and the intent task, not the reader, leaves the one that asks for a tool out of no_function_needed
    assert [exclusion_reason(r) for r in rows] == [None, "asks_for_tool"]
    assert [label_row(r) for r in rows] == ["no_function_needed", None]
    _write_jsonl(bench / "mt_bench_question.jsonl", [{"question_id": 81, "turns": "not a list"}])
    with pytest.raises(DataError, match=r"mt_bench_question.jsonl:1: field 'turns'"):
        read_fastchat_mt_bench(bench)
    seeds = _write_jsonl(tmp_path / "seed_tasks.jsonl", [
        {"id": "seed_task_0", "instruction": "Fix the grammar.", "instances": [{"input": "he go home", "output": "He goes home."}]},
        {"id": "seed_task_1", "instances": []},
    ])
    with pytest.raises(DataError, match=r"seed_tasks.jsonl:2: missing field 'instruction'"):
        read_self_instruct(seeds)


# ------------------------------------------------------------------------ BFCL multi-turn, ToolAlpaca

_FS = "This tool belongs to the Gorilla file system. It is a simple file system. Tool description: "
_MSG = "This tool belongs to the Message API, which is used to manage user interactions in a workspace. Tool description: "
_MT_DOCS = {
    "gorilla_file_system.json": [fn("cd", _FS + "Change the current working directory to the specified folder.", folder="string"),
                                 fn("ls", _FS + "List the contents of the current directory.", a="boolean")],
    "message_api.json": [fn("send_message", _MSG + "Send a message to a user.", receiver_id="string", message="string")],
}


def _turn(text):
    return [{"role": "user", "content": text}]


def _multi_turn_dir(root: Path) -> Path:
    """A BFCL-v4-shaped multi-turn folder: base, its variants, ground truth and function docs (JSON Lines)."""
    (root / "possible_answer").mkdir(parents=True, exist_ok=True)
    (root / "multi_turn_func_doc").mkdir(exist_ok=True)
    for name, docs in _MT_DOCS.items():
        _write_jsonl(root / "multi_turn_func_doc" / name, docs)
    both, msg = ["GorillaFileSystem", "MessageAPI"], ["MessageAPI"]
    conversations = {
        "multi_turn_base": [
            ("Go to the docs folder and list everything.", both, [["cd(folder='docs')", "ls(a=True)"], ["send_message(receiver_id='B', message='hi')"]]),
            ("Send 'hello' to user Alice.", msg, [["send_message(receiver_id='A', message='hello')"]]),
        ],
        "multi_turn_long_context": [  # the same first turn (dropped), and one with a typo (kept, keyed by base 1)
            ("Go to the docs folder and  list everything.", both, [["cd(folder='docs')", "ls(a=True)"], []]),
            ("Send 'hello' to user Alice please.", msg, [["send_message(receiver_id='A', message='hello')"]]),
        ],
        "multi_turn_miss_func": [  # the base's first turn, answered with no call: the base's ground truth wins
            ("Go to the docs folder and list everything.", both, [[], ["cd(folder='docs')", "ls(a=True)"]]),
            ("Send 'hello' to user Alice.", msg, [["send_message(receiver_id='A', message='hello')"]]),
        ],
        "multi_turn_miss_param": [  # a parameter removed: the model must ask first, no call
            ("Go to a folder and list everything.", both, [[], ["cd(folder='docs')", "ls(a=True)"]]),
            ("Send 'hello' to user Alice.", msg, [["send_message(receiver_id='A', message='hello')"]]),
        ],
    }
    for category, rows in conversations.items():
        ids = [f"{category}_{i}" for i in range(len(rows))]
        _write_jsonl(root / f"BFCL_v4_{category}.json", [
            {"id": i, "question": [_turn(text)] + [_turn("And then?")] * (len(truth) - 1), "involved_classes": classes,
             "initial_config": {}, "path": []} for i, (text, classes, truth) in zip(ids, rows)])
        _write_jsonl(root / "possible_answer" / f"BFCL_v4_{category}.json",
                     [{"id": i, "ground_truth": truth} for i, (_, _, truth) in zip(ids, rows)])
    return root


def _summary(function):
    return {"name": function["name"], "description": function["description"].split("Tool description: ")[1],
            "parameters": function["parameters"]}


def test_bfcl_multi_turn_reader(tmp_path):
    root = _multi_turn_dir(tmp_path / "bfcl")
    rows = read_bfcl_multi_turn(root)
    cd, ls = (_summary(f) for f in _MT_DOCS["gorilla_file_system.json"])
    send = _summary(_MT_DOCS["message_api.json"][0])
    assert cd["description"] == "Change the current working directory to the specified folder."  # no class preamble
    assert rows == [
        {"id": "multi_turn_base_0", "text": "Go to the docs folder and list everything.", "functions": [cd, ls],
         "source": "bfcl/multi_turn_base"},
        {"id": "multi_turn_base_1", "text": "Send 'hello' to user Alice.", "functions": [send], "source": "bfcl/multi_turn_base"},
        {"id": "multi_turn_long_context_1", "text": "Send 'hello' to user Alice please.", "functions": [send],
         "source": "bfcl/multi_turn_long_context"},
        {"id": "multi_turn_miss_param_0", "text": "Go to a folder and list everything.", "functions": [],
         "source": "bfcl/multi_turn_no_call"},
    ]
    assert [label_row(r) for r in rows] == ["file_operations", "communication", "communication", None]
    # every variant is keyed by its base conversation, so a request and its variants share a split
    assert [split_key(r["id"]) for r in rows] == ["multi_turn_base_0", "multi_turn_base_1", "multi_turn_base_1", "multi_turn_base_0"]
    assert split_key("simple_python_0") == "simple_python_0" and split_key("toolalpaca/ab12") == "toolalpaca/ab12"


def test_bfcl_multi_turn_reader_errors(tmp_path):
    assert parse_call_name("sort('final_report.pdf')", "x") == "sort"
    assert parse_call_name("math.gcd(a=1, b=2)", "x") == "math.gcd"
    root = _multi_turn_dir(tmp_path / "bfcl")
    answers = root / "possible_answer" / "BFCL_v4_multi_turn_base.json"
    _write_jsonl(answers, [{"id": "multi_turn_base_0", "ground_truth": [["cd(folder="]]}])
    with pytest.raises(DataError, match=r"BFCL_v4_multi_turn_base.json:1: ground-truth entry 'cd\(folder=' is not a function call"):
        read_bfcl_multi_turn(root, categories=("multi_turn_base",))
    _write_jsonl(answers, [{"id": "multi_turn_base_0", "ground_truth": [["rm(file_name='x')"]]},
                           {"id": "multi_turn_base_1", "ground_truth": [["send_message(receiver_id='A')"]]}])
    with pytest.raises(DataError, match=r"ground truth calls 'rm', which the function docs of row 'multi_turn_base_0' do not define"):
        read_bfcl_multi_turn(root, categories=("multi_turn_base",))
    questions = root / "BFCL_v4_multi_turn_base.json"
    _write_jsonl(questions, [{"id": "multi_turn_base_0", "question": [_turn("Hi")], "involved_classes": ["FooAPI"]}])
    with pytest.raises(DataError, match=r"BFCL_v4_multi_turn_base.json:1: unknown involved class 'FooAPI'"):
        read_bfcl_multi_turn(root, categories=("multi_turn_base",))


_TA_MAIL = {
    "Name": "MailBox", "Category": "Email",
    "Function_Description": {
        "sendEmail": 'Send an email to a recipient\nParameters: {"to": "Required. string. Address.", "body": "Required. string. "}'
                     "\nOutput: Success.\n - Format: application/json\n - Structure: Object{id}",
        "getInbox": "Get the messages in the inbox\nParameters: {}\nOutput: Success.\n - Format: application/json",
        "components": "The detailed output format for the tools is outlined below: ...",
    },
    "Instructions": ['"Can you email Ann that the meeting moved?"', "What's in my inbox?", "Mail Bob the report if he asks.",
                     "What's in my inbox?"],
    "Golden_Answers": [
        [{"Action": "getDetails", "Action_Input": '{"Question": "What is Ann\'s address?"}'},
         {"Action": "sendEmail", "Action_Input": '{"to": "ann@example.com", "body": "The meeting moved."}'}],
        [{"Action": "getInbox", "Action_Input": "{}"}],
        [{"Action": "[Optional]sendEmail", "Action_Input": "{}"}],
        [{"Action": "getInbox", "Action_Input": "{}"}],
    ],
}
_TA_WEATHER = {"Name": "AviationWeather", "Function_Description": {"airports_get": "Get an airport\nParameters: {}"},
               "Instructions": ["What is the METAR at KATL?"],
               "Golden_Answers": [[{"Action": "weather_metar_get", "Action_Input": '{"apt": "KATL"}'}]]}
_TA_NO_ANSWERS = {"Name": "MailBox", "Function_Description": _TA_MAIL["Function_Description"],
                  "Instructions": ["Delete my spam."]}


def _toolalpaca_dir(root: Path) -> Path:
    root.mkdir(parents=True)
    (root / "eval_real.json").write_text(json.dumps([_TA_MAIL, _TA_WEATHER]))
    (root / "validation_data.json").write_text(json.dumps([_TA_NO_ANSWERS]))
    return root


def test_toolalpaca_reader(tmp_path):
    rows = read_toolalpaca(_toolalpaca_dir(tmp_path / "toolalpaca"))
    assert [(r["text"], [f["name"] for f in r["functions"]], r["source"]) for r in rows] == [
        ("Can you email Ann that the meeting moved?", ["sendEmail"], "toolalpaca"),  # quotes and getDetails dropped
        ("What's in my inbox?", ["getInbox"], "toolalpaca"),
        ("Mail Bob the report if he asks.", [], "toolalpaca/no_call"),  # only an [Optional] step
        ("What is the METAR at KATL?", ["weather_metar_get"], "toolalpaca"),  # undescribed action: its name only
    ]  # the repeated instruction is dropped; validation_data.json has no golden answers
    assert rows[0]["functions"][0] == {
        "name": "sendEmail", "description": "Send an email to a recipient",
        "parameters": {"type": "object", "properties": {"to": {"description": "Required. string. Address."},
                                                        "body": {"description": "Required. string. "}}}}
    assert rows[3]["functions"][0] == {"name": "weather_metar_get", "description": "", "parameters": {}}
    assert [r["id"] for r in rows] == ["toolalpaca/" + hashlib.sha256(normalize_text(r["text"]).encode()).hexdigest()[:16] for r in rows]
    assert [label_row(r) for r in rows] == ["communication", "information_retrieval", None, "information_retrieval"]
    assert read_toolalpaca(tmp_path / "toolalpaca" / "eval_real.json") == rows


def test_toolalpaca_reader_errors(tmp_path):
    path = tmp_path / "eval.json"
    path.write_text(json.dumps([dict(_TA_MAIL, Golden_Answers=_TA_MAIL["Golden_Answers"][:2])]))
    with pytest.raises(DataError, match=r"eval.json: record 1: field 'Golden_Answers' must be a list with one answer per instruction"):
        read_toolalpaca(path)
    path.write_text(json.dumps([dict(_TA_MAIL, Function_Description={"sendEmail": "Send\nParameters: {oops}"})]))
    with pytest.raises(DataError, match=r"record 1, instruction 1: Function_Description\['sendEmail'\]: invalid Parameters JSON"):
        read_toolalpaca(path)


def test_intent_task_on_multi_turn_and_toolalpaca_fixtures(tmp_path):
    bfcl = tmp_path / "data" / "bfcl" / "data"
    _multi_turn_dir(bfcl)
    for category in BFCL_CALL_CATEGORIES + BFCL_IRRELEVANCE_CATEGORIES:  # empty single-turn files
        (bfcl / f"BFCL_v4_{category}.json").write_text("")
        if category in BFCL_CALL_CATEGORIES:
            (bfcl / "possible_answer" / f"BFCL_v4_{category}.json").write_text("")
    _toolalpaca_dir(tmp_path / "data" / "toolalpaca")
    data = get_task("intent").load(DataOptions(data_dir=tmp_path / "data"))
    rows = [r for r in data.train + data.validation + data.test if r["source"] != "synthetic"]
    assert sorted((r["text"], r["label"]) for r in rows) == sorted([
        ("Go to the docs folder and list everything.", "file_operations"),
        ("Send 'hello' to user Alice.", "communication"),
        ("Send 'hello' to user Alice please.", "communication"),
        ("Can you email Ann that the meeting moved?", "communication"),
        ("What's in my inbox?", "information_retrieval"),
        ("What is the METAR at KATL?", "information_retrieval"),
    ])
    assert data.provenance["no_call_excluded"] == 2
    assert data.provenance["bfcl_multi_turn_rows"] == 4 and data.provenance["toolalpaca_rows"] == 4
    for split, part in (("train", data.train), ("validation", data.validation), ("test", data.test)):
        assert all(split_of(split_key(r["id"])) == split for r in part if r["source"] != "synthetic")
    # the base conversation and its long-context variant share a split
    assert len({split_of(split_key(i)) for i in ("multi_turn_base_1", "multi_turn_long_context_1")}) == 1


def test_demo_set_covers_every_label():
    data = get_task("intent").load(DataOptions())
    assert {r["label"] for r in data.train} == set(INTENT_LABELS)
    assert data.validation and data.test


# ------------------------------------------------------------------------------------------ real data

needs_shared = pytest.mark.skipif(not BFCL_DIR.is_dir(), reason="shared data not present")
needs_toolalpaca = pytest.mark.skipif(not TOOLALPACA_DIR.is_dir(), reason="shared ToolAlpaca data not present")


@pytest.fixture(scope="module")
def real_intent_data():
    return load_task_data(get_task("intent"), DataOptions(data_dir=Path(SHARED_DATA)))


@needs_shared
def test_real_bfcl_reader():
    rows = read_bfcl(BFCL_DIR)
    sources = Counter(r["source"] for r in rows)
    assert sources["bfcl/simple_python"] == 400 and sources["bfcl/live_multiple"] == 1053
    assert sources["bfcl/irrelevance"] == 240 and sources["bfcl/live_irrelevance"] == 884
    assert len({r["id"] for r in rows}) == len(rows) == 3625
    by_id = {r["id"]: r for r in rows}
    assert by_id["simple_python_0"]["text"] == "Find the area of a triangle with a base of 10 units and height of 5 units."
    assert [f["name"] for f in by_id["simple_python_0"]["functions"]] == ["calculate_triangle_area"]
    assert [f["name"] for f in by_id["parallel_multiple_0"]["functions"]] == [
        "math_toolkit.sum_of_multiples", "math_toolkit.product_of_primes"]
    assert all(not r["functions"] for r in rows if "irrelevance" in r["source"])
    assert all(r["functions"] and r["text"].strip() for r in rows if "irrelevance" not in r["source"])


@needs_shared
def test_real_bfcl_multi_turn_reader():
    rows = read_bfcl_multi_turn(BFCL_DIR)
    assert Counter(r["source"] for r in rows) == {
        "bfcl/multi_turn_base": 199, "bfcl/multi_turn_long_context": 5, "bfcl/multi_turn_miss_func": 4,
        "bfcl/multi_turn_miss_param": 1, "bfcl/multi_turn_no_call": 82}
    texts = [normalize_text(r["text"]) for r in rows]
    assert len(set(texts)) == len(texts) and len({r["id"] for r in rows}) == len(rows)
    by_id = {r["id"]: r for r in rows}
    first = by_id["multi_turn_base_0"]
    assert first["text"].startswith("Move 'final_report.pdf' within document directory to 'temp' directory")
    assert [f["name"] for f in first["functions"]] == ["cd", "mkdir", "mv"] and label_row(first) == "file_operations"
    assert not any("This tool belongs to" in f["description"] for r in rows for f in r["functions"])
    assert all(r["functions"] for r in rows if r["source"] != "bfcl/multi_turn_no_call")
    # variants are keyed by their base conversation
    assert {split_key(r["id"]) for r in rows} <= {f"multi_turn_base_{i}" for i in range(200)}
    labels = Counter(label_row(r) for r in rows)
    assert labels["file_operations"] == 48 and labels["communication"] == 0  # messaging comes in later turns


@needs_toolalpaca
def test_real_toolalpaca_reader():
    rows = read_toolalpaca(TOOLALPACA_DIR)
    assert len(rows) == 214 and {r["source"] for r in rows} == {"toolalpaca"}
    assert len({r["id"] for r in rows}) == 214 and all(r["id"].startswith("toolalpaca/") for r in rows)
    row = next(r for r in rows if r["text"] == "Get the country info for China.")
    assert [f["name"] for f in row["functions"]] == ["CountryCountryInfo"] and label_row(row) == "information_retrieval"
    labels = Counter(label_row(r) for r in rows)
    assert labels["communication"] == labels["file_operations"] == 0  # no messaging or file API in these sets


@needs_shared
def test_real_intent_splits_are_leak_free(real_intent_data):
    data = real_intent_data
    assert all(split_of(split_key(r["id"])) == "test" for r in data.test)
    assert all(split_of(split_key(r["id"])) == "validation" for r in data.validation)
    assert all(split_of(split_key(r["id"])) == "train" for r in data.train if r["source"] != "synthetic")
    test_texts = {normalize_text(r["text"]) for r in data.test}
    validation_texts = {normalize_text(r["text"]) for r in data.validation}
    train_texts = [normalize_text(r["text"]) for r in data.train]
    assert not test_texts & set(train_texts) and not validation_texts & set(train_texts)
    assert not test_texts & validation_texts
    assert len(train_texts) == len(set(train_texts))
    everything = data.train + data.validation + data.test
    assert not [r for r in everything if "irrelevance" in r["source"] or r["source"].endswith("/no_call")]
    assert {r["label"] for r in data.test} <= set(INTENT_LABELS)
    assert 300 < len(data.test) < 450 and len(data.train) > 2500
    assert data.provenance["irrelevance_excluded"] == 1124 and data.provenance["no_call_excluded"] == 82
    assert data.provenance["bfcl_multi_turn_rows"] == 291
    if TOOLALPACA_DIR.is_dir():
        assert data.provenance["toolalpaca_rows"] == 214
    counts = data.provenance["label_counts"]
    assert counts["test"]["file_operations"] >= 10 and counts["train"]["file_operations"] >= 40


#: Labels short of 50 training rows from the real sources alone (train / validation / test); the
#: generated requests of routerkit.data.intent_synth make up the difference.
_SHORT_LABELS = {
    "communication": "9 / 2 / 0 rows: BFCL single-turn calls a messaging function in ~12 requests; no BFCL multi-turn "
                     "first turn does (MessageAPI/TwitterAPI calls come in later turns) and ToolAlpaca has no messaging API",
    "file_operations": "41 / 8 / 10 rows: 6 from BFCL single-turn, 35 from BFCL multi-turn first turns "
                       "(GorillaFileSystem); ToolAlpaca has no file API",
}


@needs_shared
@pytest.mark.parametrize("label", [
    pytest.param(label, marks=pytest.mark.xfail(strict=True, reason=_SHORT_LABELS[label])) if label in _SHORT_LABELS else label
    for label in INTENT_LABELS
])
def test_real_sources_have_50_training_rows_per_label(real_intent_data, label):
    assert sum(r["label"] == label and r["source"] != "synthetic" for r in real_intent_data.train) >= 50


@needs_shared
def test_generated_requests_fill_every_label_to_50_training_rows_and_stay_in_train(real_intent_data):
    data = real_intent_data
    counts = Counter(r["label"] for r in data.train)
    assert all(counts[label] >= 50 for label in INTENT_LABELS), counts
    assert data.provenance["synthetic_rows"] == 840
    assert not [r for r in data.validation + data.test if r["source"] == "synthetic"]


@needs_shared
def test_label_distribution_report_on_real_bfcl():
    report = label_distribution_report(read_bfcl(BFCL_DIR), samples=2)
    assert report["rows"] == 3625 and report["irrelevance_rows_excluded"] == 1124
    assert sum(report["counts"].values()) + report["unplaced"] + 1124 == 3625
    assert 0 < report["unplaced"] < 500 and len(report["unplaced_examples"]) == 4
    assert all(len(report["samples"][label]) == 2 for label in INTENT_LABELS if label != "no_function_needed")


def test_intent_generator_is_seeded_placed_by_the_taxonomy_and_fills_every_slot():
    from routerkit.data.intent_synth import TOOLS, generate_intent_rows, tools_by_label

    groups = tools_by_label()
    # every tool label, so the generated requests' style says nothing about the label
    assert set(groups) == set(INTENT_LABELS) - {"no_function_needed"}
    rows = generate_intent_rows(per_label=60, seed=3)
    assert rows == generate_intent_rows(per_label=60, seed=3)
    assert rows != generate_intent_rows(per_label=60, seed=4)
    assert Counter(label_row(r) for r in rows) == {label: 60 for label in groups}
    assert not [r["text"] for r in rows if "{" in r["text"] or "}" in r["text"]]
    # "Please ..." / "Could you ...?" only before a verb (never "Could you BMI for ...?")
    from routerkit.data.intent_synth import _IMPERATIVE_VERBS
    polite = [r["text"] for r in rows if r["text"].lower().startswith(("please ", "could you "))]
    assert polite and all(t.split()[1 + t.lower().startswith("could")].lower() in _IMPERATIVE_VERBS for t in polite), polite
    # every template of every tool renders (an unknown slot raises)
    big = generate_intent_rows(per_label=max(sum(len(t.templates) for t in tools) for tools in groups.values()), seed=5)
    assert {r["functions"][0]["name"] for r in big} == {tool.name for tool in TOOLS}


@needs_shared
def test_data_report_shows_generated_rows_with_their_functions():
    from routerkit.tasks.intent import describe_intent_data

    report = describe_intent_data(DataOptions(data_dir=SHARED_DATA))
    generated = report["generated"]
    assert generated["unplaced"] == 0 and generated["counts"]["communication"] == 120
    sample = generated["samples"]["communication"][0]
    assert sample["source"] == "synthetic" and "comm." in sample["functions"][0]
    assert "generated" not in describe_intent_data(DataOptions(data_dir=SHARED_DATA, extra_data=False))


def test_intent_chat_check_is_labelled_with_intent_labels_and_shares_no_text_with_generated_rows():
    from routerkit.data.intent_synth import generate_intent_rows
    from routerkit.tasks.intent import SYNTHETIC_PER_LABEL, SYNTHETIC_SEED

    path = Path(__file__).resolve().parents[1] / "benchmarks" / "data" / "intent_chat_check.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    counts = Counter(r["label"] for r in rows)
    assert set(counts) == set(INTENT_LABELS) and min(counts.values()) >= 10
    assert all(r["text"].strip() for r in rows)
    generated = {normalize_text(r["text"]) for r in generate_intent_rows(SYNTHETIC_PER_LABEL, seed=SYNTHETIC_SEED)}
    assert not [r["text"] for r in rows if normalize_text(r["text"]) in generated]
