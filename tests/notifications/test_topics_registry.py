"""Every kind of event belongs to exactly one topic, and each topic is listed once in the settings."""

from participation.notifications.topics import TOPIC_BY_NAME, TOPICS


def test_each_topic_is_listed_once_and_each_kind_belongs_to_one_topic():
    assert len(TOPIC_BY_NAME) == len(TOPICS)
    kinds = [kind for topic in TOPICS for kind in topic.kinds]
    assert len(kinds) == len(set(kinds))
