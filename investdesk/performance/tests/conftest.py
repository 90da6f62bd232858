from decimal import Decimal

import pytest

from investdesk.performance import services
from investdesk.performance.lib.tables import parse_table_file
from investdesk.performance.tests.fixtures.tables_seed import SEED_PATH

SEED_ACTUALS = ["120", "40", "45", "40", "50", "100%", "95%", "600", "80%", "100%", "100%"]


def import_seed(unit, *, actor=None):
    result = parse_table_file(SEED_PATH.name, SEED_PATH.read_bytes())
    return services.import_table(unit, result, actor=actor, source_name=SEED_PATH.name)


def adopted_seed(unit, *, actor=None):
    """The seed imported and adopted (启用): the table in force of 2022."""
    project = import_seed(unit, actor=actor)
    services.adopt_table(project.table, actor=actor)
    return project


@pytest.fixture
def seed_project(people):
    """The seed imported into 张敏's unit and in force, with actuals entered and 52,200 yuan spent."""
    project = adopted_seed(people.unit)
    project.spent_yuan = Decimal("52200")
    project.save()
    for indicator, actual in zip(project.table.indicators.all(), SEED_ACTUALS, strict=True):
        indicator.manual_actual = actual
        indicator.save()
    return project
