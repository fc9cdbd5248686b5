"""Every kind of event belongs to exactly one topic, and each topic is listed once in the settings."""

from participation.notifications.topics import TOPIC_BY_NAME, TOPICS


def test_each_topic_is_listed_once_and_each_kind_belongs_to_one_topic():
    assert len(TOPIC_BY_NAME) == len(TOPICS)
    kinds = [kind for topic in TOPICS for kind in topic.kinds]
    assert len(kinds) == len(set(kinds))


def test_a_bundle_names_updates_opinions_and_requests_instead_of_other_news(app):
    from flask_babel import force_locale

    from participation.notifications.messages import summary

    with app.test_request_context(), force_locale("en"):
        text = summary({"comment.created": 3, "proposal.author_update": 2, "advisor_opinion.published": 1,
                        "infrastructure.join_requested": 1, "infrastructure.access_requested": 1})
    assert text == ("3 new comments, 2 updates from the author, an expert opinion and 2 operators' requests")
    assert "other news" not in text
