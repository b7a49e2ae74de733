from django.urls import path

from akasse.web.casework.views import booking, case, conversation, offers, search, worklist

urlpatterns = [
    path("arbejdsliste/", worklist.worklist, name="worklist"),
    path("team/", worklist.team, name="team"),
    path("jobcenter/", case.jobcentre, name="jobcentre"),
    path("mit-forloeb/", case.my_case, name="my_case"),
    path("sager/<int:spell_id>/", case.case, name="case"),
    path("sager/<int:spell_id>/samtale/", conversation.register_conversation, name="register"),
    path("sager/<int:spell_id>/booking/", booking.booking, name="booking"),
    path("sager/<int:spell_id>/overdragelse/", case.handover, name="handover"),
    path("sager/<int:spell_id>/overdragelse.pdf", case.handover_pdf, name="handover_pdf"),
    path("samtaler/<int:conversation_id>/flyt/", booking.move_conversation, name="move"),
    path("samtaler/<int:conversation_id>/aflys/", booking.cancel_conversation, name="cancel"),
    path("samtaler/<int:conversation_id>/invitation.ics", booking.invitation, name="invitation"),
    path("sog/", search.search, name="search"),
    path("sager/<int:spell_id>/tilbud/", offers.request, name="offer_request"),
    path("tilbud/<int:offer_id>/afgoerelse/", offers.decide, name="offer_decide"),
    path("tilbud/<int:offer_id>/start/", offers.start, name="offer_start"),
    path("ansaettelser/<int:employment_id>/kontakt/", offers.notice_contact, name="notice_contact"),
]
