from django.core.management.base import BaseCommand, CommandError

from ntm.audit.context import acting_as
from ntm.core.exceptions import ServiceError
from ntm.surveys.questionnaire_file import QuestionnaireFileError
from ntm.surveys.services.campaigns import questionnaire_definitions, questionnaire_sync


class Command(BaseCommand):
    help = "Load the questionnaire files (ntm/surveys/questionnaires/*.toml); a changed file becomes a new version."

    def handle(self, *args, **options):
        try:
            with acting_as(None):
                for code in sorted(questionnaire_definitions()):
                    questionnaire = questionnaire_sync(code=code)
                    self.stdout.write(f"{code}: version {questionnaire.version}")
        except (QuestionnaireFileError, ServiceError) as exc:
            raise CommandError(str(exc)) from exc
