from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "zhengwu.search"
    label = "search"
    verbose_name = "搜索"

    def ready(self):
        from zhengwu.audit import labels

        from . import signals  # noqa: F401  (index receivers)
        from .models import QAPair, UnansweredQuestion

        labels.register(
            actions={"qa_create": "新建政策问答", "qa_update": "修改政策问答", "qa_publish": "发布政策问答",
                     "qa_archive": "停用政策问答", "qa_from_message": "由常见来信整理政策问答", "qa_flag": "政策问答待复核（来源文件变更）",
                     "question_forward": "公众提问转交", "question_answer": "答复公众提问",
                     "question_dismiss": "公众提问不予处理", "dictionary_add": "添加分词词条",
                     "dictionary_remove": "删除分词词条", "synonyms_save": "保存同义词", "synonyms_remove": "删除同义词",
                     "search_reindex": "重建搜索索引"},
            fields={"question": "问题", "answer": "答复", "sources": "来源文件", "qa": "政策问答编号", "word": "词条",
                    "terms": "同义词", "entries": "索引条数",
                    "origin_message": "来源来信"},
            values={"status": {**dict(QAPair.Status.choices), **dict(UnansweredQuestion.Status.choices)}},
        )
