"""A seeded generator of tool-use requests, for the labels that function-calling data barely covers.

BFCL calls few functions that send messages, touch files, transform data or analyse it (9, 41, 66
and 80 training rows), so the intent task adds requests written here. Each generated request is
paired with the **function it would call** (a name, a description and parameter names, written in
the style of real function-calling schemas), and its label comes from that function through the
same taxonomy as every other row (:func:`routerkit.tasks.intent.classify_function`): nothing is
labelled by hand, and a tool the taxonomy does not place as intended is a bug the tests catch.

Every tool label gets the same number of generated requests, information_retrieval and calculation
included although real rows cover them well: templated requests share a style (short, imperative,
full of ids, numbers, addresses and phone numbers), and if only some labels had them, that style
itself would read as those labels. (Observed: with generated requests for five labels only, a model
sent a bare id look-up to ``communication``.)

The templates of the first five labels were written from the label definitions, without looking at
any test or validation row. The look-up and calculation templates were added after that error,
which was seen on a *test* row; they are generic look-ups by id / number and arithmetic requests,
not copies of it. Slot values come from the lists below and from Faker (seeded). Requests vary in
register (imperative, question, chatty, terse), in politeness wrappers and in casing. Generated rows
only ever join the training split.

Row format: ``{"id": "intent-synth-<seed>-<i>", "text", "functions": [summary], "source": "synthetic"}``
(a reader row: :func:`routerkit.tasks.intent.label_row` labels it like any other).
"""

from __future__ import annotations

import base64
import random
import re
from dataclasses import dataclass

SOURCE = "synthetic"


@dataclass(frozen=True)
class Tool:
    """A function schema and requests that would call it (``{slot}`` placeholders, see :data:`SLOTS`)."""

    name: str
    description: str
    parameters: tuple[str, ...]
    templates: tuple[str, ...]

    def function(self) -> dict:
        properties = {p: {"type": "string"} for p in self.parameters}
        return {"name": self.name, "description": self.description,
                "parameters": {"type": "object", "properties": properties, "required": list(self.parameters)}}


TOOLS: tuple[Tool, ...] = (
    # ---------------------------------------------------------------- communication
    Tool("send_email", "Send an email to one or more recipients.", ("to", "subject", "body"), (
        "Email {first} at {email} and tell them {news}.",
        "Send an email to {email} with the subject \"{subject}\" saying {news}.",
        "can you shoot a quick email to {email}? subject {subject}, just say {news}",
        "Please write and send an email to my {relation} ({email}) letting them know {news}.",
        "Send {first} an email: \"Hi {first}, {news_sentence} Thanks, {me}\" Their address is {email}.",
        "Drop {email} a line that {news}.",
        "I need to email {first} {last} ({email}) about {subject_lower}. Tell them {news}.",
        "Fire off an email to the {team} team at {email}: {news_sentence}",
    )),
    Tool("send_sms", "Send a text message (SMS) to a phone number.", ("phone_number", "message"), (
        "Text {phone} and say \"{short}\".",
        "Send an SMS to {phone}: {short}",
        "text my {relation} at {phone} that {news}",
        "Could you send a text message to {first} on {phone} saying {short_lower}?",
        "Message {phone}: \"{short}\"",
        "Shoot {first} a text at {phone}, tell them {news}.",
    )),
    Tool("post_slack_message", "Post a message to a Slack channel or user.", ("channel", "text"), (
        "Post \"{short}\" in the #{channel} channel on Slack.",
        "Let the {team} team know on Slack (#{channel}) that {news}.",
        "Slack {first} that {news}.",
        "Send a Slack message to #{channel}: {news_sentence}",
        "Can you ping #{channel} and tell everyone {news}?",
    )),
    Tool("send_whatsapp_message", "Send a WhatsApp message to a contact.", ("contact", "message"), (
        "WhatsApp {first}: \"{short}\"",
        "Send a WhatsApp message to my {relation} saying {short_lower}.",
        "Can you message {first} {last} on WhatsApp and tell them {news}?",
    )),
    Tool("reply_to_email", "Reply to an email message in the user's inbox.", ("message_id", "body"), (
        "Reply to {first}'s last email and tell them {news}.",
        "Answer the email from {email} saying {news}.",
        "Write back to {first} {last}'s message about {subject_lower}: {news_sentence}",
    )),
    Tool("forward_email", "Forward an email message to another recipient.", ("message_id", "to"), (
        "Forward the email about {subject_lower} to {email}.",
        "Forward {first}'s message from this morning to {email}, please.",
    )),
    # ---------------------------------------------------------------- file operations
    Tool("read_file", "Read the contents of a file at the given path.", ("file_path",), (
        "Show me what's inside {path}.",
        "Open {path} and print its contents.",
        "Read the file {path} for me.",
        "What does {file} in {folder} say?",
        "cat {path}",
        "Display the first lines of {path}.",
    )),
    Tool("write_file", "Write text content to a file, creating it if needed.", ("file_path", "content"), (
        "Write \"{short}\" to a new file called {file}.",
        "Save the text '{short}' into {path}.",
        "Create a file {path} containing: {short}",
        "Append the line \"{short}\" to {path}.",
    )),
    Tool("list_directory", "List the files and folders in a directory.", ("directory",), (
        "List all the files in {folder}.",
        "What's in my {folder} folder?",
        "Show me every {ext} file under {folder}.",
        "ls {folder}",
        "Which files are in the directory {folder}?",
    )),
    Tool("copy_file", "Copy a file to another directory.", ("source_path", "destination_path"), (
        "Copy {path} to {folder}.",
        "Make a copy of {file} in {folder}.",
        "Duplicate {path} into the backup folder {folder}.",
    )),
    Tool("move_file", "Move a file to another directory.", ("source_path", "destination_path"), (
        "Move {path} into {folder}.",
        "Put {file} in the {folder} folder instead.",
        "mv {path} {folder}",
    )),
    Tool("delete_file", "Delete a file from the file system.", ("file_path",), (
        "Delete {path}.",
        "Remove the file {file} from {folder}, I don't need it anymore.",
        "Get rid of {path} please.",
    )),
    Tool("upload_file", "Upload a local file to cloud storage.", ("file_path", "destination"), (
        "Upload {path} to my Google Drive.",
        "Put {file} on Dropbox in the {folder_name} folder.",
        "Back up {path} to the cloud.",
    )),
    Tool("download_file", "Download a file from a URL and save it locally.", ("url", "file_path"), (
        "Download {url} and save it as {file}.",
        "Grab the file at {url} and put it in {folder}.",
        "Can you download {url} for me?",
    )),
    Tool("create_directory", "Create a new directory at the given path.", ("path",), (
        "Create a folder called {folder_name} inside {folder}.",
        "Make a new directory {folder}/{folder_name}.",
        "mkdir {folder_name} in my home directory",
    )),
    Tool("zip_files", "Compress files or folders into a zip archive.", ("paths", "archive_name"), (
        "Zip up the {folder} folder.",
        "Compress {file} and {file2} into one archive called {folder_name}.zip.",
        "Unzip {folder_name}.zip into {folder}.",
    )),
    # ---------------------------------------------------------------- data transformation
    Tool("convert_currency", "Convert an amount of money from one currency to another.", ("amount", "from_currency", "to_currency"), (
        "Convert {amount} {cur1} to {cur2}.",
        "How much is {amount} {cur1} in {cur2}?",
        "what's {amount} {cur1_code} in {cur2_code} right now",
        "I have {amount} {cur1}. How many {cur2} would that be?",
        "Change {amount} {cur1_code} into {cur2_code} for me.",
    )),
    Tool("convert_units", "Convert a value between units of measurement.", ("value", "from_unit", "to_unit"), (
        "Convert {qty} {unit1} to {unit2}.",
        "How many {unit2} is {qty} {unit1}?",
        "What's {qty} {unit1} in {unit2}?",
        "{qty} {unit1} to {unit2} please",
        "My recipe says {qty} {unit1}; how much is that in {unit2}?",
    )),
    Tool("convert_timezone", "Convert a time from one time zone to another.", ("time", "from_timezone", "to_timezone"), (
        "What time is {time} {tz1} in {tz2}?",
        "Convert {time} {tz1} to {tz2} time.",
        "If it's {time} in {tz1}, what time is it in {tz2}?",
    )),
    Tool("translate_text", "Translate text from one language to another.", ("text", "target_language"), (
        "Translate \"{sentence}\" into {language}.",
        "How do you say '{sentence}' in {language}?",
        "Put this into {language}: {sentence}",
        "translate to {language}: {sentence}",
    )),
    Tool("table_to_json", "Convert comma-separated table data into JSON.", ("table",), (
        "Turn this CSV into JSON: {csv}",
        "Convert {file_csv} to JSON.",
        "Can you reformat this table as JSON?\n{csv}",
    )),
    Tool("encode_base64", "Encode a string in Base64.", ("text",), (
        "Base64-encode the string '{word}'.",
        "Encode \"{sentence}\" as base64.",
        "Decode this base64 string: {b64}",
    )),
    Tool("sort_list", "Sort a list of values in ascending or descending order.", ("values", "order"), (
        "Sort these numbers from smallest to largest: {numbers}",
        "Put {names} in alphabetical order.",
        "Sort {numbers} in descending order.",
    )),
    Tool("reverse_string", "Reverse the characters of a string.", ("text",), (
        "Reverse the string '{word}'.",
        "What is '{word}' spelled backwards?",
    )),
    Tool("format_date", "Reformat a date string into another date format.", ("date", "target_format"), (
        "Change the date {date_us} into ISO format.",
        "Reformat {date_iso} as day/month/year.",
        "Convert {date_long} to YYYY-MM-DD.",
    )),
    Tool("resize_image", "Resize an image to the given width and height.", ("image_path", "width", "height"), (
        "Resize {image} to {width}x{height}.",
        "Scale {image} down to {width} pixels wide.",
        "Crop {image} to a square and resize it to {width} by {width}.",
    )),
    Tool("text_to_speech", "Convert text into spoken audio (text to speech).", ("text", "voice"), (
        "Read this out loud as audio: \"{sentence}\"",
        "Turn the text '{sentence}' into speech with a {voice} voice.",
    )),
    # ---------------------------------------------------------------- analysis
    Tool("analyze_sentiment", "Analyze the sentiment of a piece of text.", ("text",), (
        "What's the sentiment of this review: \"{review}\"",
        "Is this tweet positive or negative? '{review}'",
        "Run sentiment analysis on the comments in {file_csv}.",
        "How do customers feel about {product}, judging by this review: {review}",
        "Tell me if this feedback is happy or angry: {review}",
    )),
    Tool("detect_objects", "Detect and label the objects in an image.", ("image_url",), (
        "What objects are in the photo {image}?",
        "Detect everything you can see in {image}.",
        "Identify the animals in the picture at {url}.",
    )),
    Tool("linear_regression", "Fit a linear regression model and report coefficients and R-squared.", ("dataset", "x", "y"), (
        "Fit a linear regression of {metric} on {feature} using {file_csv}.",
        "How much does {feature} explain {metric}? Run a regression on {file_csv}.",
        "Give me the R-squared for predicting {metric} from {feature} in {file_csv}.",
    )),
    Tool("forecast_sales", "Forecast future values of a time series from its history.", ("history", "periods"), (
        "Forecast our {metric} for the next {count} months based on {file_csv}.",
        "Predict next quarter's {metric} from the monthly numbers in {file_csv}.",
        "Project {metric} for the next {count} weeks using this history: {numbers}",
    )),
    Tool("classify_text", "Classify a text into one of the given categories.", ("text", "categories"), (
        "Classify this support ticket as billing, technical or account: \"{ticket}\"",
        "Which category does this email belong to, spam or not spam? {ticket}",
        "Tag this customer message with a topic: {ticket}",
    )),
    Tool("t_test", "Run a two-sample t-test to compare the means of two groups.", ("sample_a", "sample_b"), (
        "Is there a significant difference between {numbers} and {numbers2}? Run a t-test.",
        "Compare group A ({numbers}) with group B ({numbers2}) statistically.",
        "Test whether the two samples {numbers} and {numbers2} have the same mean.",
    )),
    Tool("plot_chart", "Plot a chart (bar, line or pie) from tabular data.", ("data", "chart_type"), (
        "Plot a bar chart of {metric} by {dimension} from {file_csv}.",
        "Make a line chart of {metric} over time using {file_csv}.",
        "Visualize {metric} per {dimension} as a pie chart.",
    )),
    Tool("detect_anomalies", "Detect anomalies in a numeric time series.", ("series",), (
        "Find anomalies in the {system} latency data in {file_csv}.",
        "Are there any outliers in these readings? {numbers}",
        "Spot unusual spikes in {metric} in {file_csv}.",
    )),
    Tool("cluster_customers", "Cluster records into segments with k-means.", ("dataset", "k"), (
        "Cluster the customers in {file_csv} into {count} segments.",
        "Group the users in {file_csv} by behaviour into {count} clusters.",
    )),
    Tool("assess_risk", "Assess the risk level of a loan application from its data.", ("application",), (
        "Assess the credit risk of an applicant earning {amount} a year with {count} open loans.",
        "Evaluate how risky this portfolio is: {numbers}",
    )),
    # ---------------------------------------------------------------- scheduling
    Tool("create_calendar_event", "Create an event in the user's calendar.", ("title", "start_time", "end_time"), (
        "Put \"{event}\" on my calendar for {date_long} at {clock}.",
        "Add {event} to my calendar next {weekday} from {clock} to {clock2}.",
        "block {clock}-{clock2} on {weekday} for {event_lower}",
    )),
    Tool("schedule_meeting", "Schedule a meeting with attendees at a given time.", ("attendees", "start_time", "topic"), (
        "Schedule a meeting with {first} on {weekday} at {clock} about {subject_lower}.",
        "Set up a call with {first} and {first2} for {date_long}, {clock}.",
        "Find a slot and book a 30-minute meeting with the {team} team this {weekday}.",
    )),
    Tool("set_reminder", "Set a reminder at a given time.", ("text", "time"), (
        "Remind me to {chore} at {clock}.",
        "remind me {weekday} morning to {chore}",
        "Don't let me forget to {chore} tomorrow at {clock}.",
    )),
    Tool("set_alarm", "Set an alarm for a given time.", ("time",), (
        "Set an alarm for {clock} tomorrow.",
        "Wake me up at {clock}.",
    )),
    Tool("book_table", "Reserve a table at a restaurant.", ("restaurant", "party_size", "time"), (
        "Book a table for {count} at {restaurant} on {weekday} at {clock}.",
        "Reserve dinner for {count} people at {restaurant} tonight around {clock}.",
    )),
    Tool("book_hotel", "Book a hotel room for the given dates.", ("city", "check_in", "check_out"), (
        "Book me a hotel room in {city} from {date_long} to {date_long2}.",
        "Reserve a double room in {city} for {count} nights starting {date_long}.",
    )),
    # ---------------------------------------------------------------- information retrieval
    # Look-ups by id, number or address: numbers, e-mail addresses and phone numbers occur in every
    # label's generated requests, so none of them reads as a sign of one label.
    Tool("get_order_status", "Get the status and delivery date of an order by its order ID.", ("order_id",), (
        "What's the status of order {order_id}?",
        "Where is my order {order_id}?",
        "order {order_id} status",
        "Has order {order_id} shipped yet?",
        "Check on order number {order_id} for me.",
    )),
    Tool("get_user_profile", "Retrieve a user profile (name, email, plan) by user ID.", ("user_id",), (
        "Pull up the profile for user {user_id}.",
        "Who is user {user_id}?",
        "Show me the account details of customer {user_id}.",
        "What plan is user {user_id} on?",
    )),
    Tool("track_package", "Track a shipment by its tracking number.", ("tracking_number",), (
        "Track package {tracking}.",
        "Where's my parcel? Tracking number {tracking}",
        "{tracking} - when will it arrive?",
        "Can you check the delivery status of {tracking}?",
    )),
    Tool("get_ticket_details", "Get the details and status of a customer support ticket by its ID.", ("ticket_id",), (
        "What's the latest on support ticket {ticket_id}?",
        "Show ticket {ticket_id}.",
        "Is ticket {ticket_id} resolved?",
        "details for case {ticket_id}",
    )),
    Tool("lookup_contact", "Find a contact in the address book by name, phone number or email address.", ("query",), (
        "Whose number is {phone}?",
        "Who does {email} belong to in my contacts?",
        "What's {first} {last}'s phone number?",
        "Find {first}'s email address in my contacts.",
        "look up the contact with the number {phone}",
    )),
    Tool("get_stock_price", "Get the latest stock price for a ticker symbol.", ("symbol",), (
        "What's {ticker} trading at?",
        "{ticker} stock price",
        "How did {ticker} close yesterday?",
    )),
    Tool("get_weather", "Get the current weather or the forecast for a city.", ("city",), (
        "What's the weather in {city} today?",
        "Will it rain in {city} on {weekday}?",
        "weather {city}",
    )),
    Tool("get_flight_status", "Get the departure and arrival status of a flight by its flight number.", ("flight_number",), (
        "Is flight {flight} on time?",
        "When does {flight} land?",
        "status of flight {flight} on {date_long}",
    )),
    Tool("get_account_balance", "Get the current balance of a bank account.", ("account_id",), (
        "What's the balance on account {account}?",
        "How much money is left in my account ending {last4}?",
    )),
    # ---------------------------------------------------------------- calculation
    Tool("calculate_tip", "Calculate the tip and the total for a restaurant bill.", ("bill_amount", "tip_percent"), (
        "What's a {pct}% tip on a ${amount} bill?",
        "Work out the tip: bill {amount}, tip {pct} percent.",
        "how much do I leave on {amount} if I tip {pct}%",
    )),
    Tool("calculate_loan_payment", "Calculate the monthly payment of a loan.", ("principal", "annual_rate", "years"), (
        "What would the monthly payment be on a ${amount} loan at {rate}% over {years} years?",
        "Calculate my mortgage payment: {amount} borrowed, {rate} percent, {years} years.",
    )),
    Tool("calculate_bmi", "Calculate the body mass index from weight and height.", ("weight_kg", "height_cm"), (
        "What's my BMI? I weigh {weight_kg} kg and I'm {height_cm} cm tall.",
        "BMI for {weight_kg} kg, {height_cm} cm",
    )),
    Tool("calculate_percentage", "Calculate a percentage of a number, or what percentage one number is of another.", ("part", "whole"), (
        "What is {pct}% of {amount}?",
        "{count} out of {total} is what percent?",
        "What percentage of {total} is {count}?",
    )),
    Tool("calculate_area", "Calculate the area of a geometric shape.", ("shape", "dimensions"), (
        "What's the area of a circle with radius {qty} cm?",
        "Area of a {count} by {total} rectangle?",
        "Calculate the area of a triangle with base {count} and height {total}.",
    )),
    Tool("solve_equation", "Solve an algebraic equation for a variable.", ("equation",), (
        "Solve {equation} for x.",
        "What is x if {equation}?",
        "solve {equation}",
    )),
    Tool("calculate_compound_interest", "Calculate compound interest on a principal over time.", ("principal", "rate", "years"), (
        "How much will {amount} grow to at {rate}% a year for {years} years?",
        "Compound interest on ${amount} at {rate}% compounded monthly for {years} years?",
    )),
    Tool("calculate_age", "Calculate a person's age from a date of birth.", ("birth_date",), (
        "How old is someone born on {date_long}?",
        "If I was born {date_us}, how many years old am I?",
    )),
)

_SLOT = re.compile(r"\{(\w+)\}")
_WRAPPERS = ("{}", "{}", "{}", "Hey, {}", "Please {}", "Could you {}", "{} Thanks!", "{} Thank you.", "Hi! {}", "I need help: {}")

_CURRENCIES = (("US dollars", "USD"), ("euros", "EUR"), ("British pounds", "GBP"), ("Japanese yen", "JPY"),
               ("Canadian dollars", "CAD"), ("Swiss francs", "CHF"), ("Indian rupees", "INR"), ("Mexican pesos", "MXN"),
               ("Australian dollars", "AUD"), ("Swedish kronor", "SEK"))
_UNITS = (("miles", "kilometers"), ("pounds", "kilograms"), ("cups", "milliliters"), ("ounces", "grams"),
          ("feet", "meters"), ("inches", "centimeters"), ("gallons", "liters"), ("Fahrenheit", "Celsius"),
          ("acres", "hectares"), ("tablespoons", "teaspoons"), ("knots", "km/h"), ("megabytes", "gigabytes"))
_TIMEZONES = ("EST", "PST", "CET", "GMT", "IST", "JST", "Sydney time", "London time", "New York time", "Berlin time")
_LANGUAGES = ("French", "Spanish", "German", "Japanese", "Italian", "Portuguese", "Korean", "Dutch", "Arabic", "Hindi")
_SENTENCES = ("Where is the nearest train station?", "The meeting has been moved to Thursday.", "I would like a coffee, please.",
              "Thank you for your help yesterday.", "Our store opens at nine.", "Happy birthday, my friend!",
              "Please keep the door closed.", "The package arrived damaged.", "See you next week.")
_NEWS = ("the meeting is moved to {weekday}", "the report is ready for review", "I'll be 15 minutes late",
         "the invoice has been paid", "the launch slipped to next month", "dinner is at {clock}",
         "the server is back up", "I got the job", "the contract needs one more signature", "the flight landed safely")
_SHORT = ("Running late, start without me", "Call me when you're free", "Happy anniversary!", "Lunch at noon?",
          "The keys are under the mat", "Build is green, shipping now", "Don't forget the milk", "Meeting cancelled today")
_SUBJECTS = ("Project Update", "Q3 Budget", "Team Offsite", "Invoice #4471", "Welcome aboard", "Contract renewal",
             "Weekly status", "Interview schedule")
_RELATIONS = ("mom", "dad", "sister", "brother", "boss", "landlord", "roommate", "wife", "husband", "coach")
_TEAMS = ("design", "sales", "backend", "marketing", "support", "finance", "data")
_CHANNELS = ("general", "eng-alerts", "random", "release", "support", "marketing")
_FOLDERS = ("~/Documents", "~/Downloads", "/var/log", "~/Desktop/reports", "./src", "/home/ana/photos", "C:\\Users\\raj\\Music",
            "~/projects/website", "/tmp/export")
_FOLDER_NAMES = ("archive", "taxes_2024", "drafts", "backup", "invoices", "holiday_photos", "old_logs")
_FILES = ("notes.txt", "report_final.docx", "budget.xlsx", "config.yaml", "server.log", "resume.pdf", "data.csv",
          "todo.md", "photo_001.jpg", "main.py", "contract_v2.pdf")
_EXTS = (".pdf", ".csv", ".log", ".png", ".py", ".txt")
_CSVS = ("sales_2024.csv", "customers.csv", "metrics.csv", "survey_results.csv", "traffic.csv", "orders_q2.csv")
_METRICS = ("revenue", "sign-ups", "churn", "weekly sales", "page views", "support tickets", "energy usage")
_FEATURES = ("ad spend", "price", "temperature", "number of employees", "engine size", "hours studied")
_DIMENSIONS = ("region", "product", "month", "channel", "store")
_REVIEWS = ("The battery died after two days, really disappointed.", "Absolutely love it, best purchase this year!",
            "Shipping was slow but the quality is fine.", "Terrible customer service, never again.",
            "It does the job, nothing special.", "Exceeded my expectations, five stars.")
_TICKETS = ("I was charged twice for my subscription this month.", "The app crashes every time I open settings.",
            "How do I change the email on my account?", "You won a free cruise, click here to claim!",
            "My password reset link has expired.")
_PRODUCTS = ("the new headphones", "our mobile app", "the coffee maker", "the hotel", "the online course")
_SYSTEMS = ("API", "database", "checkout", "login service")
_EVENTS = ("Dentist appointment", "Team retro", "Mom's birthday dinner", "Yoga class", "Quarterly review", "Car service")
_CHORES = ("call the bank", "water the plants", "take my medication", "submit the timesheet", "pick up the kids",
           "renew my passport", "pay the electricity bill")
_RESTAURANTS = ("Luigi's", "The Green Fork", "Sakura Sushi", "Casa Lola", "the steakhouse downtown")
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_VOICES = ("female", "male", "British", "calm", "cheerful")
_WORDS = ("router", "stressed", "hello world", "racecar", "OpenAI", "semantic", "pipeline")


class _Slots:
    """Fills one template's slots; values that a template uses twice stay the same within it."""

    def __init__(self, rng: random.Random, fake):
        self.rng, self.fake, self.values = rng, fake, {}

    def __call__(self, name: str) -> str:
        if name not in self.values:
            self.values[name] = self._make(name)
        return self.values[name]

    def _pick(self, options):
        return self.rng.choice(options)

    def _make(self, name: str) -> str:  # noqa: C901 - one branch per slot kind, read as a table
        r, f, pick = self.rng, self.fake, self._pick
        if name in ("first", "first2", "me"):
            return f.first_name()
        if name == "last":
            return f.last_name()
        if name == "email":
            return f.email()
        if name == "phone":
            return f.phone_number()
        if name == "url":
            return f"https://{f.domain_name()}/{pick(('files', 'media', 'static', 'downloads'))}/{pick(_FILES)}"
        if name in ("news", "news_sentence"):
            text = _SLOT.sub(lambda m: self(m.group(1)), pick(_NEWS))
            return text[0].upper() + text[1:] + "." if name == "news_sentence" else text
        if name in ("short", "short_lower"):
            text = pick(_SHORT)
            return text[0].lower() + text[1:] if name == "short_lower" else text
        if name in ("subject", "subject_lower"):
            text = pick(_SUBJECTS)
            return text.lower() if name == "subject_lower" else text
        if name in ("event", "event_lower"):
            text = pick(_EVENTS)
            return text.lower() if name == "event_lower" else text
        simple = {"relation": _RELATIONS, "team": _TEAMS, "channel": _CHANNELS, "folder": _FOLDERS,
                  "folder_name": _FOLDER_NAMES, "ext": _EXTS, "file_csv": _CSVS, "metric": _METRICS,
                  "feature": _FEATURES, "dimension": _DIMENSIONS, "review": _REVIEWS, "ticket": _TICKETS,
                  "product": _PRODUCTS, "system": _SYSTEMS, "chore": _CHORES, "restaurant": _RESTAURANTS,
                  "weekday": _WEEKDAYS, "voice": _VOICES, "word": _WORDS, "language": _LANGUAGES,
                  "sentence": _SENTENCES, "tz1": _TIMEZONES}
        if name in simple:
            return pick(simple[name])
        if name in ("file", "file2"):
            return pick(_FILES) if r.random() < 0.6 else f.file_name()
        if name == "path":
            return f"{pick(_FOLDERS)}/{self('file')}"
        if name == "image":
            return pick(("beach.jpg", "IMG_2041.png", "backyard.jpeg", "~/Pictures/cat.png", "scan_03.tiff"))
        if name == "tz2":
            return pick([t for t in _TIMEZONES if t != self("tz1")])
        if name in ("cur1", "cur1_code", "cur2", "cur2_code"):
            first = self.values.setdefault("_cur1", pick(_CURRENCIES))
            second = self.values.setdefault("_cur2", pick([c for c in _CURRENCIES if c != first]))
            pair = first if name.startswith("cur1") else second
            return pair[1] if name.endswith("_code") else pair[0]
        if name in ("unit1", "unit2"):
            pair = self.values.setdefault("_units", pick(_UNITS) if r.random() < 0.5 else pick(_UNITS)[::-1])
            return pair[0] if name == "unit1" else pair[1]
        if name == "amount":
            return pick((f"{r.randint(5, 5000)}", f"{r.randint(1, 90) * 100:,}", f"{r.uniform(1, 999):.2f}"))
        if name == "qty":
            return pick((str(r.randint(1, 250)), f"{r.uniform(0.5, 40):.1f}", "a half", "3/4"))
        if name == "count":
            return str(r.randint(2, 12))
        if name in ("width", "height"):
            return str(pick((64, 128, 256, 512, 800, 1024, 1920)))
        if name in ("clock", "clock2", "time"):
            hour = r.randint(1, 12)
            return pick((f"{hour}pm", f"{hour}:{pick(('00', '15', '30', '45'))} {pick(('am', 'pm'))}", f"{r.randint(6, 22):02d}:00"))
        if name in ("date_long", "date_long2"):
            return f.date_between("-1y", "+1y").strftime("%B %d, %Y").replace(" 0", " ")
        if name == "date_us":
            return f.date_between("-5y", "+1y").strftime("%m/%d/%Y")
        if name == "date_iso":
            return f.date_between("-5y", "+1y").isoformat()
        if name == "city":
            return f.city() if r.random() < 0.5 else pick(("Lisbon", "Tokyo", "Chicago", "Barcelona", "Nairobi", "Toronto"))
        if name in ("numbers", "numbers2"):
            return ", ".join(str(r.randint(1, 99)) for _ in range(r.randint(4, 8)))
        if name == "names":
            return ", ".join(f.first_name() for _ in range(r.randint(3, 6)))
        if name == "csv":
            header = "name,age,city"
            lines = [f"{f.first_name()},{r.randint(18, 80)},{f.city()}" for _ in range(r.randint(2, 3))]
            return "\n".join([header, *lines])
        if name == "order_id":
            return pick((str(r.randint(1000, 999999)), f"#{r.randint(10000, 99999)}", f"ORD-{r.randint(100000, 999999)}",
                         f"{f.random_uppercase_letter()}{f.random_uppercase_letter()}{r.randint(100, 9999)}"))
        if name == "user_id":
            return pick((str(r.randint(10, 99999)), f"u{r.randint(1000, 99999)}", f"{f.user_name()}"))
        if name == "ticket_id":
            return pick((f"#{r.randint(100, 99999)}", f"TCK-{r.randint(1000, 9999)}", str(r.randint(1000, 999999))))
        if name == "tracking":
            return pick((f"1Z{r.randint(10 ** 15, 10 ** 16 - 1)}", str(r.randint(10 ** 11, 10 ** 12 - 1)),
                         f"{f.random_uppercase_letter()}{f.random_uppercase_letter()}{r.randint(10 ** 8, 10 ** 9 - 1)}US"))
        if name == "account":
            return pick((str(r.randint(10 ** 7, 10 ** 10)), f"ACC-{r.randint(1000, 99999)}"))
        if name == "last4":
            return f"{r.randint(0, 9999):04d}"
        if name == "flight":
            return f"{pick(('UA', 'BA', 'LH', 'DL', 'AF', 'QF', 'EK'))}{r.randint(10, 2999)}"
        if name == "ticker":
            return pick(("AAPL", "MSFT", "TSLA", "NVDA", "AMZN", "Tesla", "Apple stock", "GOOG"))
        if name == "pct":
            return str(pick((10, 12.5, 15, 18, 20, 22, 25, 30, 7)))
        if name == "rate":
            return f"{r.uniform(1, 9):.1f}"
        if name == "years":
            return str(pick((2, 3, 5, 10, 15, 20, 30)))
        if name == "total":
            return str(r.randint(13, 500))
        if name == "weight_kg":
            return str(r.randint(45, 130))
        if name == "height_cm":
            return str(r.randint(150, 200))
        if name == "equation":
            a, b, c = r.randint(2, 9), r.randint(1, 30), r.randint(1, 60)
            return pick((f"{a}x + {b} = {c}", f"{a}x - {b} = {c}", f"x^2 - {a + b}x + {a * b} = 0", f"{c} = {a}(x - {b})"))
        if name == "b64":
            return base64.b64encode(pick(_WORDS).encode()).decode()
        raise KeyError(f"unknown template slot {{{name}}}")


_QUESTION_START = ("i ", "i'", "what", "how", "is ", "are ", "which", "if ", "can ", "could ", "who", "where", "when", "my ")


#: First words after which "Please ..." / "Could you ...?" makes a request (the templates' imperative verbs).
_IMPERATIVE_VERBS = frozenset("""
    email send write drop fire text post let slack whatsapp reply answer forward show open read display list copy
    make duplicate move put delete remove get upload back download grab create zip compress unzip convert change
    translate turn base64-encode encode decode sort reverse reformat resize scale crop run tell detect identify fit
    give forecast predict project classify tag compare test plot visualize find spot cluster group assess evaluate
    schedule set remind wake book reserve track check pull work calculate solve block message shoot add append
    save look
""".split())


def render(template: str, slots: _Slots, rng: random.Random) -> str:
    """The template with its slots filled, inside a random politeness wrapper, sometimes all lower-case."""
    text = _SLOT.sub(lambda m: slots(m.group(1)), template)
    wrapper = rng.choice(_WRAPPERS)
    if wrapper.startswith(("Hey", "Please", "Could you")):
        first = text.split(maxsplit=1)[0]
        polite = wrapper.startswith(("Please", "Could you"))
        if text.lower().startswith(_QUESTION_START) or (polite and first.lower() not in _IMPERATIVE_VERBS):
            wrapper = "{}"  # "Please what's ..." / "Could you BMI for ..." are not requests anyone writes
        else:
            if first[1:] == first[1:].lower():  # keep "BMI", "AAPL"
                text = text[0].lower() + text[1:]
            if wrapper.startswith("Could you"):
                text = text.rstrip(".!") + "?"
    text = wrapper.format(text)
    if rng.random() < 0.15:
        text = text.lower()
    return text


def tools_by_label() -> dict[str, list[Tool]]:
    """The tools grouped by the label the intent taxonomy gives their function."""
    from routerkit.tasks.intent import classify_function

    groups: dict[str, list[Tool]] = {}
    for tool in TOOLS:
        groups.setdefault(str(classify_function(tool.function())), []).append(tool)
    return groups


def generate_intent_rows(per_label: int = 120, seed: int = 11) -> list[dict]:
    """``per_label`` requests for each label the tools cover, going round their (tool, template) pairs."""
    from faker import Faker

    rng = random.Random(seed)
    fake = Faker("en_US")
    fake.seed_instance(seed)
    rows = []
    for label, tools in sorted(tools_by_label().items()):
        pairs = [(tool, template) for tool in tools for template in tool.templates]
        rng.shuffle(pairs)
        for i in range(per_label):
            tool, template = pairs[i % len(pairs)]
            text = render(template, _Slots(rng, fake), rng)
            rows.append({"id": f"intent-synth-{seed}-{len(rows)}", "text": text, "functions": [tool.function()], "source": SOURCE})
    return rows
