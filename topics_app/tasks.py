from celery import shared_task

from topics_app.services import reassignment


@shared_task(name="topics_app.remove_finished_throttles", ignore_result=True)
def remove_finished_throttles():
    return reassignment.remove_finished_throttles_everywhere()
