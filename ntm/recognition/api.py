from ninja import Router

from ntm.recognition.api_dossiers import router as dossiers_router

router = Router(tags=["recognition"])
router.add_router("/dossiers", dossiers_router)
