import pytest

from routerkit.cli import build_parser
from routerkit.config import build_config, resolve_schedule
from routerkit.errors import ConfigError


@pytest.mark.parametrize("rows,band,epochs,batch,lr", [
    (999, "<1000", 2, 4, 1e-5), (1000, "<5000", 3, 8, 2e-5), (4999, "<5000", 3, 8, 2e-5), (5000, ">=5000", 4, 16, 3e-5),
])
def test_adaptive_schedule_bands(rows, band, epochs, batch, lr):
    schedule = resolve_schedule(build_config(task="category"), rows)
    assert (schedule.size_band, schedule.epochs, schedule.batch_size, schedule.learning_rate) == (band, epochs, batch, lr)
    assert all(origin.startswith("adaptive") for origin in schedule.origin.values())


def test_overrides_win_and_are_recorded():
    schedule = resolve_schedule(build_config(task="category", learning_rate=5e-5, early_stopping_patience=0), 20000)
    assert schedule.learning_rate == 5e-5 and schedule.early_stopping_patience == 0
    assert schedule.origin["learning_rate"] == "user"
    assert schedule.batch_size == 16 and schedule.origin["batch_size"].startswith("adaptive")


@pytest.mark.parametrize("rows", [300, 3000, 30000])
def test_explicit_eval_steps_mean_evaluating_every_n_steps_in_every_band(rows):
    schedule = resolve_schedule(build_config(task="category", eval_steps=50), rows)
    assert (schedule.eval_strategy, schedule.eval_steps) == ("steps", 50)
    epochs = resolve_schedule(build_config(task="category", eval_steps=50, eval_strategy="epoch"), rows)
    assert epochs.eval_strategy == "epoch"  # an explicit strategy still wins


def test_max_steps_below_eval_steps_still_evaluates_at_the_last_step(tmp_path):
    from routerkit.training.arguments import training_arguments

    config = build_config(task="category", max_steps=30)
    args = training_arguments(config, resolve_schedule(config, 30000), tmp_path, "eval_f1")
    assert args.eval_strategy == "steps" and args.eval_steps == 30 and args.save_steps == 30


def test_invalid_values_give_one_config_error():
    with pytest.raises(ConfigError, match="learning_rate"):
        build_config(task="category", learning_rate=-1)
    with pytest.raises(ConfigError, match="method"):
        build_config(task="category", method="qlora")
    with pytest.raises(ConfigError, match="unknown_field"):
        build_config(task="category", unknown_field=1)


def test_every_config_field_has_a_cli_flag():
    args = build_parser().parse_args(["train", "category", "-o", "x", "--lora-r", "8", "--lora-target-modules", "query,value",
                                      "--no-group-by-length", "--class-weights", "--epochs", "1.5"])
    assert (args.lora_r, args.lora_target_modules, args.group_by_length, args.class_weights, args.epochs) == (8, "query,value", False, True, 1.5)
    config = build_config(task="category", lora_target_modules=args.lora_target_modules)
    assert config.lora_target_modules == ["query", "value"]


def test_oversample_parses_validates_and_repeats_rows():
    from routerkit.training.rows import oversample_rows

    config = build_config(task="pii", oversample="presidio_research=3, synthetic=1")
    assert config.oversample == {"presidio_research": 3, "synthetic": 1}
    for bad in ("presidio_research", "presidio_research=0", "presidio_research=two"):
        with pytest.raises(ConfigError, match="oversample"):
            build_config(task="pii", oversample=bad)
    rows = [{"id": "a", "source": "presidio_research"}, {"id": "b", "source": "synthetic"}]
    assert [r["id"] for r in oversample_rows(rows, config.oversample)] == ["a", "a", "a", "b"]
    with pytest.raises(ConfigError, match="no training rows from mmlu"):
        oversample_rows(rows, {"mmlu": 2})


def test_task_defaults_for_class_weights():
    from routerkit.tasks import get_task

    assert get_task("intent").class_weights and get_task("jailbreak").class_weights
    assert not get_task("category").class_weights and not get_task("pii").class_weights
