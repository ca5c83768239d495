"""The model tasks and what checks them: translate, summarise (model or extractive baseline), the
per-sentence checks of a translation and the evidence of each summary sentence."""
