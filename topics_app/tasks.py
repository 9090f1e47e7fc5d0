from celery import shared_task

from topics_app.services import lag_history


@shared_task(name="topics_app.sample_consumer_lag", ignore_result=True)
def sample_consumer_lag():
    return lag_history.sample_all_clusters()
