# Script-driven tests: the ringdl command and the find_package(RingDL) consumer project.
#
# ringdl_script_test(NAME SCRIPT [MPI] [SKIPPABLE] [TIMEOUT SECONDS] ARGS ...): runs `bash tests/SCRIPT ARGS`,
# labelled by the name's first part (tools.cli_test: tools), with the tests' environment and a 900 s timeout.
# MPI: the script starts ranks under mpirun (two processors, and Open MPI allowed to run as root and to
# oversubscribe); SKIPPABLE: exit code 77 means skipped (a missing optional tool; CI's fresh root fails on it).
function(ringdl_script_test name script)
  cmake_parse_arguments(T "MPI;SKIPPABLE" "TIMEOUT" "ARGS" ${ARGN})
  string(REGEX REPLACE "\\..*" "" label "${name}")
  if(NOT T_TIMEOUT)
    set(T_TIMEOUT 900)
  endif()
  add_test(NAME ${name} COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/${script} ${T_ARGS})
  set(env "${RINGDL_TEST_ENV}")
  set(props LABELS ${label} TIMEOUT ${T_TIMEOUT})
  if(T_SKIPPABLE)
    list(APPEND props SKIP_RETURN_CODE 77)
  endif()
  if(T_MPI)
    list(APPEND props PROCESSORS 2)
    string(APPEND env ";OMPI_MCA_rmaps_base_oversubscribe=1;OMPI_ALLOW_RUN_AS_ROOT=1;OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1")
  endif()
  set_tests_properties(${name} PROPERTIES ${props} ENVIRONMENT "${env}")
endfunction()

if(TARGET ringdl_cli)
  ringdl_script_test(tools.cli_test tools/cli_test.sh
    ARGS $<TARGET_FILE:ringdl_cli> ${PROJECT_SOURCE_DIR} $<TARGET_FILE:strip_model_metadata>)
endif()
ringdl_script_test(consumer.find_package consumer/run.sh
  ARGS ${PROJECT_BINARY_DIR} ${CMAKE_CURRENT_BINARY_DIR}/consumer-work)
add_test(NAME tools.layering_test COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/tools/layering_test.sh ${PROJECT_SOURCE_DIR})
set_tests_properties(tools.layering_test PROPERTIES LABELS tools)
if(NOT TARGET ringdl_cli)
  return()
endif()
# A one-node Slurm cluster of its own (needs root; installs slurm-wlm and munge if missing, else skips with 77)
# running scripts/slurm/train-lenet5.sbatch under srun --mpi=pmix with a requeue, and under mpirun.
ringdl_script_test(slurm.local_cluster slurm/local_cluster.sh SKIPPABLE TIMEOUT 1500
  ARGS $<TARGET_FILE:ringdl_cli> ${PROJECT_SOURCE_DIR})
# ringdl data convert / inspect and ringdl train on SequenceFile and TFRecord shard sets (two ranks under mpirun
# when MPI is found).
ringdl_script_test(tools.cli_data_test tools/cli_data_test.sh MPI SKIPPABLE
  ARGS $<TARGET_FILE:ringdl_cli> ${PROJECT_SOURCE_DIR} "${MPIEXEC_EXECUTABLE}")
# ringdl train on image folders with per-image transforms (PNG folders written from Fashion-MNIST).
ringdl_script_test(tools.cli_image_test tools/cli_image_test.sh SKIPPABLE
  ARGS $<TARGET_FILE:ringdl_cli> ${PROJECT_SOURCE_DIR})
# ringdl evaluate and predict on every data format (the run's saved test set, --data/--format, config keys) and
# ringdl train on an HDF5 file under mpirun, each rank reading only its rows. write_hdf5 makes the HDF5 files
# (CI has no h5py).
add_executable(write_hdf5 tools/write_hdf5.cpp)
target_link_libraries(write_hdf5 PRIVATE ringdl HDF5::HDF5)
ringdl_script_test(tools.cli_eval_test tools/cli_eval_test.sh MPI SKIPPABLE
  ARGS $<TARGET_FILE:ringdl_cli> ${PROJECT_SOURCE_DIR} $<TARGET_FILE:write_hdf5> "${MPIEXEC_EXECUTABLE}")
# The zoo's vgg_cifar10 trained end to end on synthetic CIFAR-10 binary batches (models/vgg_cifar10/train.yaml):
# inspect, train, evaluate, and augmentation through a tfrecord copy.
ringdl_script_test(tools.cli_cifar_test tools/cli_cifar_test.sh SKIPPABLE
  ARGS $<TARGET_FILE:ringdl_cli> ${PROJECT_SOURCE_DIR})
# Config paths relative to the config file, "did you mean" only for close names (else the nearest section's
# keys), help by section, the keys evaluate and predict read, and the progress bar's line.
ringdl_script_test(tools.cli_config_test tools/cli_config_test.sh
  ARGS $<TARGET_FILE:ringdl_cli> ${PROJECT_SOURCE_DIR})
# ringdl train --resume refusing another model, class count or record shape, leaving a finished run alone, and
# validation apart from the test set (validation_split on 1 and 2 ranks under mpirun when MPI is found,
# validation_data, max_score); write_hdf5 comes from the cli_eval_test block above, strip_model_metadata (the
# models compared without their files' run configs) from the cli_predict_test block below.
ringdl_script_test(tools.cli_resume_test tools/cli_resume_test.sh MPI SKIPPABLE
  ARGS $<TARGET_FILE:ringdl_cli> ${PROJECT_SOURCE_DIR} $<TARGET_FILE:write_hdf5> $<TARGET_FILE:strip_model_metadata>
       "${MPIEXEC_EXECUTABLE}")
# Model definition files: ringdl model summary of configs, zoo names, definitions and saved models; ringdl train on
# a graph definition named relative to its config; errors naming file, line and layer.
ringdl_script_test(tools.cli_model_test tools/cli_model_test.sh
  ARGS $<TARGET_FILE:ringdl_cli> ${PROJECT_SOURCE_DIR})
# ringdl evaluate and predict with a model file alone (its saved run config and class names), the messages that
# lead to the fix (image channels, cross_entropy on a LogSoftMax model), predictions with class names, --top_k and
# a folder of unlabelled images. strip_model_metadata makes a model file as written before it carried metadata.
add_executable(strip_model_metadata tools/strip_model_metadata.cpp)
target_link_libraries(strip_model_metadata PRIVATE ringdl)
ringdl_script_test(tools.cli_predict_test tools/cli_predict_test.sh MPI SKIPPABLE
  ARGS $<TARGET_FILE:ringdl_cli> ${PROJECT_SOURCE_DIR} $<TARGET_FILE:strip_model_metadata> "${MPIEXEC_EXECUTABLE}")
# ringdl train's criterion, optimizer and validation methods through the library's registries: allowed values
# from the registries, the optimizer's keys reaching its options, results named by their methods.
ringdl_script_test(tools.cli_registry_test tools/cli_registry_test.sh SKIPPABLE
  ARGS $<TARGET_FILE:ringdl_cli> ${PROJECT_SOURCE_DIR})
# Fine-tuning: init_from (by layer path, mismatches logged or, with init_from_match_all, an error), freeze (the
# frozen layers' weights bit-identical after training, dump_weights hashing them), select_classes, and a model
# definition with base: and replace:.
add_executable(dump_weights tools/dump_weights.cpp)
target_link_libraries(dump_weights PRIVATE ringdl)
ringdl_script_test(tools.cli_fine_tune_test tools/cli_fine_tune_test.sh SKIPPABLE
  ARGS $<TARGET_FILE:ringdl_cli> ${PROJECT_SOURCE_DIR} $<TARGET_FILE:dump_weights>)
# ringdl data inspect, train, evaluate and predict on text (text_csv part files, text_lines, text_lm on GPL-3), exact
# resume, the vocabulary beside the model, and two ranks under mpirun when MPI is found.
ringdl_script_test(tools.cli_text_test tools/cli_text_test.sh MPI
  ARGS $<TARGET_FILE:ringdl_cli> ${PROJECT_SOURCE_DIR} "${MPIEXEC_EXECUTABLE}")
# models/package_sections: prepare.sh on Packages lists the test writes (the exact CSV, the split by source
# package, its errors), then on this machine's apt lists with one epoch of the text CNN and predict on raw text.
ringdl_script_test(models.package_sections_test models/package_sections_test.sh
  ARGS $<TARGET_FILE:ringdl_cli> ${PROJECT_SOURCE_DIR})
# ringdl generate: character language models (an LSTM and a Transformer) trained on a periodic text continue it
# exactly when greedy; sampling reproducible by seed; errors for an empty prime, a missing vocabulary, a classifier.
ringdl_script_test(tools.cli_generate_test tools/cli_generate_test.sh
  ARGS $<TARGET_FILE:ringdl_cli> ${PROJECT_SOURCE_DIR})
# The zoo's character LSTM on real text (GPL-3 from /usr/share/common-licenses): a floor on held-out bits per
# character after a few epochs, and generate on the saved model.
ringdl_script_test(tools.cli_char_lm_test tools/cli_char_lm_test.sh
  ARGS $<TARGET_FILE:ringdl_cli> ${PROJECT_SOURCE_DIR})
