// A model library built against another interface version, for the test that
// the CLI refuses it after dlopen (tests/integration/model_test.cpp).
extern "C" int ketapgx_model_api_version() { return 999; }
extern "C" void* ketapgx_create_model_backend() { return nullptr; }
