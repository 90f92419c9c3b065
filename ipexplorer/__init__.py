"""ipexplorer: explore the statistics and events of the CNIPA 2020 Annual Report."""

__version__ = "0.1.0"

APP_NAME = "ipexplorer"
CITATION = (
    "China National Intellectual Property Administration (CNIPA), "
    "国家知识产权局 2020 年度报告 (Annual Report 2020)."
)
