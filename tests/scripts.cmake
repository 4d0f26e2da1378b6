# Script-driven tests: the ringdl command and the find_package(RingDL) consumer project.
if(TARGET ringdl_cli)
  add_test(NAME tools.cli_test COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/tools/cli_test.sh
    $<TARGET_FILE:ringdl_cli> ${PROJECT_SOURCE_DIR} $<TARGET_FILE:strip_model_metadata>)
  set_tests_properties(tools.cli_test PROPERTIES LABELS tools TIMEOUT 900 ENVIRONMENT "${RINGDL_TEST_ENV}")
endif()
add_test(NAME consumer.find_package COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/consumer/run.sh
  ${PROJECT_BINARY_DIR} ${CMAKE_CURRENT_BINARY_DIR}/consumer-work)
set_tests_properties(consumer.find_package PROPERTIES LABELS consumer TIMEOUT 900 ENVIRONMENT "${RINGDL_TEST_ENV}")
add_test(NAME tools.layering_test COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/tools/layering_test.sh ${PROJECT_SOURCE_DIR})
set_tests_properties(tools.layering_test PROPERTIES LABELS tools)
# A one-node Slurm cluster of its own (needs root; installs slurm-wlm and munge if missing, else skips with 77)
# running scripts/slurm/train-lenet5.sbatch under srun --mpi=pmix with a requeue, and under mpirun.
if(TARGET ringdl_cli)
  add_test(NAME slurm.local_cluster COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/slurm/local_cluster.sh
    $<TARGET_FILE:ringdl_cli> ${PROJECT_SOURCE_DIR})
  set_tests_properties(slurm.local_cluster PROPERTIES LABELS slurm TIMEOUT 1500 SKIP_RETURN_CODE 77
    ENVIRONMENT "${RINGDL_TEST_ENV}")
endif()
# ringdl data convert / inspect and ringdl train on SequenceFile and TFRecord shard sets (two ranks under mpirun
# when MPI is found).
if(TARGET ringdl_cli)
  add_test(NAME tools.cli_data_test COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/tools/cli_data_test.sh
    $<TARGET_FILE:ringdl_cli> ${PROJECT_SOURCE_DIR} "${MPIEXEC_EXECUTABLE}")
  set_tests_properties(tools.cli_data_test PROPERTIES LABELS tools TIMEOUT 900 SKIP_RETURN_CODE 77 PROCESSORS 2
    ENVIRONMENT "${RINGDL_TEST_ENV};OMPI_MCA_rmaps_base_oversubscribe=1;OMPI_ALLOW_RUN_AS_ROOT=1;OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1")
endif()
# ringdl train on image folders with per-image transforms (PNG folders written from Fashion-MNIST).
if(TARGET ringdl_cli)
  add_test(NAME tools.cli_image_test COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/tools/cli_image_test.sh
    $<TARGET_FILE:ringdl_cli> ${PROJECT_SOURCE_DIR})
  set_tests_properties(tools.cli_image_test PROPERTIES LABELS tools TIMEOUT 900 SKIP_RETURN_CODE 77
    ENVIRONMENT "${RINGDL_TEST_ENV}")
endif()
# ringdl evaluate and predict on every data format (the run's saved test set, --data/--format, config keys) and
# ringdl train on an HDF5 file under mpirun, each rank reading only its rows. write_hdf5 makes the HDF5 files
# (CI has no h5py).
if(TARGET ringdl_cli)
  add_executable(write_hdf5 tools/write_hdf5.cpp)
  target_link_libraries(write_hdf5 PRIVATE ringdl HDF5::HDF5)
  add_test(NAME tools.cli_eval_test COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/tools/cli_eval_test.sh
    $<TARGET_FILE:ringdl_cli> ${PROJECT_SOURCE_DIR} $<TARGET_FILE:write_hdf5> "${MPIEXEC_EXECUTABLE}")
  set_tests_properties(tools.cli_eval_test PROPERTIES LABELS tools TIMEOUT 900 SKIP_RETURN_CODE 77 PROCESSORS 2
    ENVIRONMENT "${RINGDL_TEST_ENV};OMPI_MCA_rmaps_base_oversubscribe=1;OMPI_ALLOW_RUN_AS_ROOT=1;OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1")
endif()
# The zoo's vgg_cifar10 trained end to end on synthetic CIFAR-10 binary batches (models/vgg_cifar10/train.yaml):
# inspect, train, evaluate, and augmentation through a tfrecord copy.
if(TARGET ringdl_cli)
  add_test(NAME tools.cli_cifar_test COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/tools/cli_cifar_test.sh
    $<TARGET_FILE:ringdl_cli> ${PROJECT_SOURCE_DIR})
  set_tests_properties(tools.cli_cifar_test PROPERTIES LABELS tools TIMEOUT 900 SKIP_RETURN_CODE 77
    ENVIRONMENT "${RINGDL_TEST_ENV}")
endif()
# Config paths relative to the config file, "did you mean" only for close names (else the nearest section's
# keys), help by section, the keys evaluate and predict read, and the progress bar's line.
if(TARGET ringdl_cli)
  add_test(NAME tools.cli_config_test COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/tools/cli_config_test.sh
    $<TARGET_FILE:ringdl_cli> ${PROJECT_SOURCE_DIR})
  set_tests_properties(tools.cli_config_test PROPERTIES LABELS tools TIMEOUT 900 ENVIRONMENT "${RINGDL_TEST_ENV}")
endif()
# ringdl train --resume refusing another model, class count or record shape, leaving a finished run alone, and
# validation apart from the test set (validation_split on 1 and 2 ranks under mpirun when MPI is found,
# validation_data, max_score); write_hdf5 comes from the cli_eval_test block above, strip_model_metadata (the
# models compared without their files' run configs) from the cli_predict_test block below.
if(TARGET ringdl_cli)
  add_test(NAME tools.cli_resume_test COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/tools/cli_resume_test.sh
    $<TARGET_FILE:ringdl_cli> ${PROJECT_SOURCE_DIR} $<TARGET_FILE:write_hdf5> $<TARGET_FILE:strip_model_metadata>
    "${MPIEXEC_EXECUTABLE}")
  set_tests_properties(tools.cli_resume_test PROPERTIES LABELS tools TIMEOUT 900 SKIP_RETURN_CODE 77 PROCESSORS 2
    ENVIRONMENT "${RINGDL_TEST_ENV};OMPI_MCA_rmaps_base_oversubscribe=1;OMPI_ALLOW_RUN_AS_ROOT=1;OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1")
endif()
# Model definition files: ringdl model summary of configs, zoo names, definitions and saved models; ringdl train on
# a graph definition named relative to its config; errors naming file, line and layer.
if(TARGET ringdl_cli)
  add_test(NAME tools.cli_model_test COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/tools/cli_model_test.sh
    $<TARGET_FILE:ringdl_cli> ${PROJECT_SOURCE_DIR})
  set_tests_properties(tools.cli_model_test PROPERTIES LABELS tools TIMEOUT 900 ENVIRONMENT "${RINGDL_TEST_ENV}")
endif()
# ringdl evaluate and predict with a model file alone (its saved run config and class names), the messages that
# lead to the fix (image channels, cross_entropy on a LogSoftMax model), predictions with class names, --top_k and
# a folder of unlabelled images. strip_model_metadata makes a model file as written before it carried metadata.
if(TARGET ringdl_cli)
  add_executable(strip_model_metadata tools/strip_model_metadata.cpp)
  target_link_libraries(strip_model_metadata PRIVATE ringdl)
  add_test(NAME tools.cli_predict_test COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/tools/cli_predict_test.sh
    $<TARGET_FILE:ringdl_cli> ${PROJECT_SOURCE_DIR} $<TARGET_FILE:strip_model_metadata> "${MPIEXEC_EXECUTABLE}")
  set_tests_properties(tools.cli_predict_test PROPERTIES LABELS tools TIMEOUT 900 SKIP_RETURN_CODE 77 PROCESSORS 2
    ENVIRONMENT "${RINGDL_TEST_ENV};OMPI_MCA_rmaps_base_oversubscribe=1;OMPI_ALLOW_RUN_AS_ROOT=1;OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1")
endif()
# ringdl train's criterion, optimizer and validation methods through the library's registries: allowed values
# from the registries, the optimizer's keys reaching its options, results named by their methods.
if(TARGET ringdl_cli)
  add_test(NAME tools.cli_registry_test COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/tools/cli_registry_test.sh
    $<TARGET_FILE:ringdl_cli> ${PROJECT_SOURCE_DIR})
  set_tests_properties(tools.cli_registry_test PROPERTIES LABELS tools TIMEOUT 900 SKIP_RETURN_CODE 77
    ENVIRONMENT "${RINGDL_TEST_ENV}")
endif()
# Fine-tuning: init_from (by layer path, mismatches logged or, with init_from_match_all, an error), freeze (the
# frozen layers' weights bit-identical after training, dump_weights hashing them), select_classes, and a model
# definition with base: and replace:.
if(TARGET ringdl_cli)
  add_executable(dump_weights tools/dump_weights.cpp)
  target_link_libraries(dump_weights PRIVATE ringdl)
  add_test(NAME tools.cli_fine_tune_test COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/tools/cli_fine_tune_test.sh
    $<TARGET_FILE:ringdl_cli> ${PROJECT_SOURCE_DIR} $<TARGET_FILE:dump_weights>)
  set_tests_properties(tools.cli_fine_tune_test PROPERTIES LABELS tools TIMEOUT 900 SKIP_RETURN_CODE 77
    ENVIRONMENT "${RINGDL_TEST_ENV}")
endif()
# ringdl data inspect, train, evaluate and predict on text (text_csv part files, text_lines, text_lm on GPL-3), exact
# resume, the vocabulary beside the model, and two ranks under mpirun when MPI is found.
if(TARGET ringdl_cli)
  add_test(NAME tools.cli_text_test COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/tools/cli_text_test.sh
    $<TARGET_FILE:ringdl_cli> ${PROJECT_SOURCE_DIR} "${MPIEXEC_EXECUTABLE}")
  set_tests_properties(tools.cli_text_test PROPERTIES LABELS tools TIMEOUT 900 PROCESSORS 2
    ENVIRONMENT "${RINGDL_TEST_ENV};OMPI_MCA_rmaps_base_oversubscribe=1;OMPI_ALLOW_RUN_AS_ROOT=1;OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1")
endif()
# models/package_sections: prepare.sh on Packages lists the test writes (the exact CSV, the split by source
# package, its errors), then on this machine's apt lists with one epoch of the text CNN and predict on raw text.
if(TARGET ringdl_cli)
  add_test(NAME models.package_sections_test COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/models/package_sections_test.sh
    $<TARGET_FILE:ringdl_cli> ${PROJECT_SOURCE_DIR})
  set_tests_properties(models.package_sections_test PROPERTIES LABELS models TIMEOUT 900 ENVIRONMENT "${RINGDL_TEST_ENV}")
endif()
# ringdl generate: character language models (an LSTM and a Transformer) trained on a periodic text continue it
# exactly when greedy; sampling reproducible by seed; errors for an empty prime, a missing vocabulary, a classifier.
if(TARGET ringdl_cli)
  add_test(NAME tools.cli_generate_test COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/tools/cli_generate_test.sh
    $<TARGET_FILE:ringdl_cli> ${PROJECT_SOURCE_DIR})
  set_tests_properties(tools.cli_generate_test PROPERTIES LABELS tools TIMEOUT 900 ENVIRONMENT "${RINGDL_TEST_ENV}")
endif()
# The zoo's character LSTM on real text (GPL-3 from /usr/share/common-licenses): a floor on held-out bits per
# character after a few epochs, and generate on the saved model.
if(TARGET ringdl_cli)
  add_test(NAME tools.cli_char_lm_test COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/tools/cli_char_lm_test.sh
    $<TARGET_FILE:ringdl_cli> ${PROJECT_SOURCE_DIR})
  set_tests_properties(tools.cli_char_lm_test PROPERTIES LABELS tools TIMEOUT 900 ENVIRONMENT "${RINGDL_TEST_ENV}")
endif()
