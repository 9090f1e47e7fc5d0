from celery import shared_task

from topics_app.services import lag_history, reassignment


@shared_task(name="topics_app.sample_consumer_lag", ignore_result=True)
def sample_consumer_lag():
    return lag_history.sample_all_clusters()


@shared_task(name="topics_app.remove_finished_throttles", ignore_result=True)
def remove_finished_throttles():
    return reassignment.remove_finished_throttles_everywhere()
